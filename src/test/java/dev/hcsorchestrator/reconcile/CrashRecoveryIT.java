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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the packaged service in the middle of a burst of creations, then a start on
 * the same data directory: every definition ends with exactly one running system, and systems made
 * before the kill are adopted under their ids rather than made twice.
 */
class CrashRecoveryIT {

  static final String TOKEN = "crash-it-token";
  static final int DEFINITIONS = 24;

  private Process service;

  @AfterEach
  void stop() throws InterruptedException {
    if (service != null && service.isAlive()) {
      service.destroy();
      if (!service.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  @Test
  void killDuringABurstLeavesExactlyOneRunningSystemPerDefinitionAdoptedUnderTheSameIds()
      throws Exception {
    Path jar = packagedJar();
    Files.createDirectories(Path.of("target", "it-data"));
    Path dataDir =
        Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "crash-");
    int port = freePort();
    Api api = new Api("http://127.0.0.1:" + port, TOKEN);

    service = launch(jar, dataDir, port);
    awaitReady(api);
    java.util.concurrent.atomic.AtomicInteger created =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread burst =
        new Thread(
            () -> {
              for (int i = 0; i < DEFINITIONS; i++) {
                try {
                  if (api.post("/api/v1/definitions", vm("burst-" + i)).status() == 201) {
                    created.incrementAndGet();
                  }
                } catch (IllegalStateException killed) {
                  return;
                }
              }
            });
    burst.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> created.get() >= DEFINITIONS / 2);
    Map<String, String> before = systemsByDefinition(api);
    service.destroyForcibly();
    service.waitFor();
    burst.join(30_000);

    service = launch(jar, dataDir, port);
    awaitReady(api);
    for (int i = 0; i < DEFINITIONS; i++) {
      assertThat(api.post("/api/v1/definitions", vm("burst-" + i)).status()).isIn(201, 409);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              JsonNode page = api.get("/api/v1/definitions?size=500").json();
              List<JsonNode> defs = new ArrayList<>();
              page.get("content").forEach(defs::add);
              assertThat(defs).isNotEmpty();
              assertThat(defs)
                  .allSatisfy(
                      d ->
                          assertThat(d.get("status").get("phase").asString()).isEqualTo("Running"));
              List<JsonNode> ours = ourSystems(api);
              assertThat(ours).hasSize(defs.size());
              for (JsonNode d : defs) {
                String id = d.get("status").get("computeSystemId").asString();
                assertThat(ours)
                    .filteredOn(s -> s.get("id").asString().equals(id))
                    .singleElement()
                    .satisfies(s -> assertThat(s.get("state").asString()).isEqualTo("Running"));
              }
            });
    Map<String, String> after = systemsByDefinition(api);
    before.forEach((name, id) -> assertThat(after).containsEntry(name, id));
  }

  static String vm(String name) {
    return """
        {"name":"%s","kind":"VirtualMachine",
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

  static Map<String, String> systemsByDefinition(Api api) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode s : ourSystems(api)) {
      JsonNode d = s.get("definition");
      if (d != null && !d.isNull()) {
        out.put(d.asString(), s.get("id").asString());
      }
    }
    return out;
  }

  static void awaitReady(Api api) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> api.get("/actuator/health/readiness").body().contains("\"UP\""));
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
