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
import java.util.List;
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

  @Test
  void aSimulatedHostShutdownExitsZeroAndTheNextStartIsTheHostsBoot() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = temp.resolve("data");
    List<String> args =
        List.of(
            "--server.port=" + port,
            "--hcs.host.mode=simulated",
            "--hcs.data-dir=" + data,
            "--hcs.reconcile.resync-interval=2s",
            "--hcs.security.tokens[0].name=ops",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=" + TOKEN);
    String base = "http://127.0.0.1:" + port;
    Process first = start(args, temp.resolve("first.log"));
    try {
      awaitUp(base, first);
      HttpResponse<String> created =
          call(
              "POST",
              base + "/api/v1/definitions",
              """
              {"name":"vm1","kind":"VirtualMachine",
               "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":20}]}}""");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase(base)));
      assertThat(systemsOnHost(base)).hasSize(1);

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

    Process second = start(args, temp.resolve("second.log"));
    try {
      awaitUp(base, second);
      // the desired state is unchanged: the workload starts again on the booted host
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(phase(base)).isEqualTo("Running");
                assertThat(systemsOnHost(base)).hasSize(1);
              });
    } finally {
      second.destroy();
      if (!second.waitFor(60, TimeUnit.SECONDS)) {
        second.destroyForcibly();
      }
    }
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

  String phase(String base) throws Exception {
    HttpResponse<String> r = call("GET", base + "/api/v1/definitions/vm1", null);
    return JSON.readTree(r.body()).get("status").get("phase").asString();
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
