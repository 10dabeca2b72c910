package dev.hcsorchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The built jar in its own JVM: what its exit status says. */
class ServiceJarIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TOKEN = "service-jar-it-token";

  /** This machine may be busy: a cold start of the jar can take minutes. */
  static final Duration START = Duration.ofMinutes(5);

  @TempDir Path temp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("hcs-orchestrator-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no built jar in target/"))
          .toAbsolutePath();
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  Process start(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .directory(temp.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void offWindowsTheServiceCommandSaysItNeedsWindowsAndExitsTwoWithoutStartingSpring()
      throws Exception {
    for (String action : List.of("install", "status", "run")) {
      Path log = temp.resolve(action + ".log");
      Process p = start(List.of("service", action), log);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(p.exitValue()).as(output).isEqualTo(2);
      assertThat(output).contains("needs Windows").doesNotContain("Spring Boot", "Starting");
    }
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).noneMatch(p -> p.getFileName().toString().equals("data"));
    }
  }

  static final List<String> VMS = List.of("vm-save", "vm-shut", "vm-off");

  @Test
  void aSimulatedHostShutdownSavesOrShutsDownExitsZeroAndAPlainStopLeavesTheWorkloadsRunning()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = temp.resolve("data");
    List<String> args =
        List.of(
            "--server.port=" + port,
            "--hcs.host.mode=simulated",
            // the default, named: a save target not granted to the VM is refused, as on Windows
            "--hcs.simulator.enforce-grants=true",
            "--hcs.data-dir=" + data,
            "--hcs.reconcile.resync-interval=2s",
            "--hcs.security.tokens[0].name=ops",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=" + TOKEN);
    String base = "http://127.0.0.1:" + port;
    Process first = start(args, temp.resolve("first.log"));
    try {
      awaitUp(base, first);
      // vm-save takes a VM's default (Save); the others name their action
      for (String[] vm :
          List.of(
              new String[] {"vm-save", ""},
              new String[] {"vm-shut", "\"hostShutdownAction\":\"ShutDown\","},
              new String[] {"vm-off", "\"hostShutdownAction\":\"TurnOff\","})) {
        HttpResponse<String> created =
            call(
                "POST",
                base + "/api/v1/definitions",
                "{\"name\":\""
                    + vm[0]
                    + "\",\"kind\":\"VirtualMachine\","
                    + vm[1]
                    + "\"virtualMachine\":{\"processors\":1,\"memoryMB\":512,"
                    + "\"disks\":[{\"name\":\"os\",\"sizeGB\":20}]}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      }
      assertThat(definition(base, "vm-save").get("hostShutdownAction").asString())
          .as("a VM's default, stored and shown")
          .isEqualTo("Save");
      await().atMost(Duration.ofSeconds(60)).until(() -> allRunning(base));
      assertThat(systemsOnHost(base)).hasSize(3);

      HttpResponse<String> shutdown = call("POST", base + "/api/v1/simulator/host/shutdown", null);
      assertThat(shutdown.statusCode()).as(shutdown.body()).isEqualTo(202);

      assertThat(first.waitFor(3, TimeUnit.MINUTES)).as("the service exits").isTrue();
      assertThat(first.exitValue()).isZero();
      try (Stream<Path> systems = Files.list(data.resolve("simulator").resolve("systems"))) {
        assertThat(systems).as("the powered-off host has no compute system").isEmpty();
      }
    } finally {
      first.destroyForcibly();
    }

    Map<String, String> idsAfterBoot = new HashMap<>();
    Process second = start(args, temp.resolve("second.log"));
    try {
      awaitUp(base, second);
      // the desired states are unchanged: every workload runs again on the booted host
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(allRunning(base)).isTrue();
                assertThat(systemsOnHost(base)).hasSize(3);
              });
      for (String vm : VMS) {
        JsonNode d = definition(base, vm);
        assertThat(d.get("status").get("incarnation").asLong()).as(vm).isEqualTo(2);
        assertThat(d.get("status").get("restartCount").asInt()).as(vm).isZero();
        idsAfterBoot.put(vm, d.get("status").get("computeSystemId").asString());
      }
      assertThat(eventTypes(base, "vm-save")).contains("Saved", "Restored");
      assertThat(call("GET", base + "/api/v1/definitions/vm-save/hcs-document", null).body())
          .contains("RestoreState");
      assertThat(definition(base, "vm-shut").get("status").get("lastExit").get("type").asString())
          .isEqualTo("GracefulExit");
      assertThat(definition(base, "vm-off").get("status").get("lastExit").get("type").asString())
          .isEqualTo("ForcedExit");
      for (String vm : List.of("vm-shut", "vm-off")) {
        assertThat(eventTypes(base, vm)).as(vm).doesNotContain("Restored");
        assertThat(call("GET", base + "/api/v1/definitions/" + vm + "/hcs-document", null).body())
            .as(vm)
            .doesNotContain("RestoreState");
      }
    } finally {
      // a plain stop of the service (SIGTERM: Spring's own shutdown), not a host shutdown
      second.destroy();
      if (!second.waitFor(60, TimeUnit.SECONDS)) {
        second.destroyForcibly();
      }
    }

    Process third = start(args, temp.resolve("third.log"));
    try {
      awaitUp(base, third);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(eventTypes(base, "vm-off")).as("adopted").contains("Adopted"));
      // an upgrade's stop and start leaves every workload running under the same ids
      assertThat(allRunning(base)).isTrue();
      assertThat(systemsOnHost(base)).hasSize(3);
      for (String vm : VMS) {
        assertThat(definition(base, vm).get("status").get("computeSystemId").asString())
            .as(vm)
            .isEqualTo(idsAfterBoot.get(vm));
      }
    } finally {
      third.destroy();
      if (!third.waitFor(60, TimeUnit.SECONDS)) {
        third.destroyForcibly();
      }
    }
  }

  JsonNode definition(String base, String name) throws Exception {
    return JSON.readTree(call("GET", base + "/api/v1/definitions/" + name, null).body());
  }

  boolean allRunning(String base) throws Exception {
    for (String vm : VMS) {
      if (!"Running".equals(definition(base, vm).get("status").get("phase").asString())) {
        return false;
      }
    }
    return true;
  }

  List<String> eventTypes(String base, String name) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(call("GET", base + "/api/v1/definitions/" + name + "/events", null).body())
        .forEach(e -> out.add(e.get("type").asString()));
    return out;
  }

  void awaitUp(String base, Process process) {
    await()
        .atMost(START)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(process.isAlive()).as("the service runs").isTrue();
              return call("GET", base + "/api/v1/definitions", null).statusCode() == 200;
            });
  }

  List<JsonNode> systemsOnHost(String base) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(call("GET", base + "/api/v1/simulator/compute-systems", null).body())
        .forEach(out::add);
    return out;
  }

  HttpResponse<String> call(String method, String url, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + TOKEN);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
