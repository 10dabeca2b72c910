package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the packaged service right after its last answer, then a start on the same
 * data directory (two JVM starts in all). Every change answered {@code 201}/{@code 202} must
 * survive (H2 flushes each commit: {@code WRITE_DELAY=0}), every definition ends with exactly one
 * running system (or none when its stop was answered), and systems running before the kill are
 * adopted under their ids rather than made twice.
 *
 * <p>No step assumes how fast the service is: every wait is an Awaitility bound generous enough for
 * a machine shared with other builds, and each wait ends as soon as its condition holds.
 */
class CrashRecoveryIT {

  static final String TOKEN = "crash-it-token";
  static final int RUNNING_BEFORE = 8;
  static final int BURST = 16;
  static final Duration SLOW = Duration.ofSeconds(120);

  private Process service;

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null && service.isAlive()) {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  @Test
  void killRightAfterTheLastAnswerKeepsEveryAnsweredChangeAndAdoptsSystemsUnderTheSameIds()
      throws Exception {
    Path jar = packagedJar();
    Files.createDirectories(Path.of("target", "it-data"));
    Path dataDir =
        Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "crash-");
    int port = freePort();
    Api api = new Api("http://127.0.0.1:" + port, TOKEN, Duration.ofSeconds(60));

    service = launch(jar, dataDir, port);
    awaitReady(api);

    // systems that run before the kill
    Set<String> answered = new LinkedHashSet<>();
    for (int i = 0; i < RUNNING_BEFORE; i++) {
      String name = "run-" + i;
      assertThat(api.post("/api/v1/definitions", vm(name)).status()).isEqualTo(201);
      answered.add(name);
    }
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(runningSystems(api).keySet()).containsAll(answered));
    Map<String, String> before = runningSystems(api);

    // a burst of answered changes: creations, and stops of running systems; the kill follows the
    // last answer (a 202) with no wait, while the reconciler is still creating and stopping
    Set<String> stopped = new LinkedHashSet<>();
    for (int i = 0; i < BURST; i++) {
      String name = "burst-" + i;
      assertThat(api.post("/api/v1/definitions", vm(name)).status()).isEqualTo(201);
      answered.add(name);
      if (i % 4 == 3) {
        String victim = "run-" + (i / 4);
        assertThat(api.post("/api/v1/definitions/" + victim + "/stop", null).status())
            .isEqualTo(202);
        stopped.add(victim);
      }
    }
    service.destroyForcibly();
    assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();

    service = launch(jar, dataDir, port);
    awaitReady(api);

    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, JsonNode> defs = definitionsByName(api);
              assertThat(defs.keySet()).as("every definition answered 201").containsAll(answered);
              Map<String, List<JsonNode>> systems = systemsByDefinition(api);
              for (String name : answered) {
                JsonNode d = defs.get(name);
                if (stopped.contains(name)) {
                  assertThat(d.get("desiredState").asString()).as(name).isEqualTo("Stopped");
                  assertThat(d.get("status").get("phase").asString()).as(name).isEqualTo("Stopped");
                  assertThat(systems.getOrDefault(name, List.of())).as(name).isEmpty();
                } else {
                  assertThat(d.get("status").get("phase").asString()).as(name).isEqualTo("Running");
                  String id = d.get("status").get("computeSystemId").asString();
                  assertThat(systems.get(name))
                      .as("exactly one system for " + name)
                      .singleElement()
                      .satisfies(
                          s -> {
                            assertThat(s.get("id").asString()).isEqualTo(id);
                            assertThat(s.get("state").asString()).isEqualTo("Running");
                          });
                }
              }
              assertThat(ourSystems(api)).hasSize(answered.size() - stopped.size());
            });

    Map<String, String> after = runningSystems(api);
    before.forEach(
        (name, id) -> {
          if (!stopped.contains(name)) {
            assertThat(after).as("adopted under the same id").containsEntry(name, id);
            assertThat(eventTypes(api, name)).as(name).contains("Adopted");
          }
        });
  }

  static String vm(String name) {
    return """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"d","sizeGB":1}]}}"""
        .formatted(name);
  }

  static List<JsonNode> ourSystems(Api api) {
    List<JsonNode> ours = new ArrayList<>();
    for (JsonNode s : api.get("/api/v1/compute-systems").json()) {
      if ("hcs-orchestrator".equals(s.get("owner").asString())) {
        ours.add(s);
      }
    }
    return ours;
  }

  static Map<String, List<JsonNode>> systemsByDefinition(Api api) {
    Map<String, List<JsonNode>> out = new HashMap<>();
    for (JsonNode s : ourSystems(api)) {
      JsonNode d = s.get("definition");
      String name = d == null || d.isNull() ? "" : d.asString();
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }
    return out;
  }

  /** Definition name → id of its running system. */
  static Map<String, String> runningSystems(Api api) {
    Map<String, String> out = new HashMap<>();
    systemsByDefinition(api)
        .forEach(
            (name, list) ->
                list.stream()
                    .filter(s -> s.get("state").asString().equals("Running"))
                    .forEach(s -> out.put(name, s.get("id").asString())));
    out.remove("");
    return out;
  }

  static Map<String, JsonNode> definitionsByName(Api api) {
    Map<String, JsonNode> out = new HashMap<>();
    api.get("/api/v1/definitions?size=500")
        .json()
        .get("content")
        .forEach(d -> out.put(d.get("name").asString(), d));
    return out;
  }

  static List<String> eventTypes(Api api, String name) {
    List<String> out = new ArrayList<>();
    api.get("/api/v1/definitions/" + name + "/events?limit=1000")
        .json()
        .forEach(e -> out.add(e.get("type").asString()));
    return out;
  }

  /** Readiness answers 200 only when every readiness check is UP. */
  static void awaitReady(Api api) {
    await()
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> api.get("/actuator/health/readiness").status() == 200);
  }

  static Process launch(Path jar, Path dataDir, int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            jar.toString(),
            "--hcs.data-dir=" + dataDir,
            "--hcs.host.mode=simulated",
            "--server.port=" + port,
            "--hcs.reconcile.resync-interval=1s",
            "--hcs.security.tokens[0].name=crash",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=" + TOKEN);
    File log = dataDir.resolve("service.log").toFile();
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }

  static Path packagedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("hcs-orchestrator-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("run the package phase first"));
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
