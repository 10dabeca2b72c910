package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Health checks through HTTP and the simulated host, where a workload's address is 127.0.0.1: a
 * {@code Tcp} check probes a real loopback port, and an {@code Exec} check is made to fail with the
 * simulator's {@code exec-result} control.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/health-${random.uuid}",
      "hcs.storage.image-roots[0]=${user.dir}/target/it-data/layers",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=30s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.restart.backoff.reset-after=10m",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=health-it-token"
    })
class HealthCheckIT {

  static final Duration CONVERGE = Duration.ofSeconds(20);

  @LocalServerPort int port;

  Api api;

  @BeforeEach
  void client() {
    api = new Api("http://127.0.0.1:" + port, "health-it-token");
  }

  static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String vm(String name, int maxRestarts, String healthCheck) {
    return """
        {"name":"%s","kind":"VirtualMachine","restartPolicy":"Always","maxRestarts":%d,
         "shutdownTimeoutSeconds":0,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"data","sizeGB":1}]},
         "healthCheck":%s}"""
        .formatted(name, maxRestarts, healthCheck);
  }

  /** A container layer folder in the image root; it exists, as the scratch needs it to. */
  static String layer() {
    Path layer =
        Path.of(System.getProperty("user.dir"), "target", "it-data", "layers", "base")
            .toAbsolutePath();
    try {
      java.nio.file.Files.createDirectories(layer);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return layer.toString().replace("\\", "\\\\");
  }

  JsonNode status(String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("status");
  }

  static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.get("conditions")) {
      if (c.get("type").asString().equals(type)) {
        return c;
      }
    }
    return null;
  }

  static boolean healthy(JsonNode status) {
    JsonNode c = condition(status, "Healthy");
    return c != null && c.get("status").asString().equals("True");
  }

  String events(String name) {
    return api.get("/api/v1/definitions/" + name + "/events?limit=200").body();
  }

  double unhealthyRestarts(String kind) {
    return api.get("/actuator/prometheus")
        .body()
        .lines()
        .filter(l -> l.startsWith("hcs_restarts_total{"))
        .filter(l -> l.contains("kind=\"" + kind + "\"") && l.contains("reason=\"Unhealthy\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** A loopback port nothing listens on: bound once to learn a free one, then closed. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aTcpCheckWithoutAListenerReplacesTheSystemAsUnhealthyUnderMaxRestarts() throws Exception {
    String name = name("tcp-down");
    double before = unhealthyRestarts("VirtualMachine");
    String check =
        """
        {"type":"Tcp","port":%d,"intervalSeconds":1,"timeoutSeconds":1,"failureThreshold":2}"""
            .formatted(closedPort());
    assertThat(api.post("/api/v1/definitions", vm(name, 1, check)).status()).isEqualTo(201);

    // replaced once as Unhealthy; the second Unhealthy exceeds maxRestarts 1: Failed, held
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode s = status(name);
              assertThat(s.get("phase").asString()).isEqualTo("Failed");
              assertThat(s.get("restartCount").asInt()).isEqualTo(1);
              assertThat(s.get("lastExit").get("type").asString()).isEqualTo("Unhealthy");
            });
    assertThat(condition(status(name), "Healthy").get("reason").asString()).isEqualTo("Unhealthy");
    assertThat(events(name)).contains("\"type\":\"Unhealthy\"");
    assertThat(unhealthyRestarts("VirtualMachine")).isEqualTo(before + 1);
  }

  @Test
  void aTcpCheckWithAListenerStaysRunningAndHealthyAndAChangedCheckKeepsTheSystem()
      throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String name = name("tcp-up");
      String check =
          """
          {"type":"Tcp","port":%d,"intervalSeconds":1,"timeoutSeconds":1,"failureThreshold":1}"""
              .formatted(listener.getLocalPort());
      assertThat(api.post("/api/v1/definitions", vm(name, 0, check)).status()).isEqualTo(201);

      await().atMost(CONVERGE).until(() -> healthy(status(name)));
      String id = status(name).get("computeSystemId").asString();
      // several intervals with one failure enough to replace it: it stays
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(6))
          .until(
              () -> {
                JsonNode s = status(name);
                return s.get("phase").asString().equals("Running")
                    && healthy(s)
                    && s.get("restartCount").asInt() == 0
                    && id.equals(s.get("computeSystemId").asString());
              });
      assertThat(events(name)).contains("\"type\":\"Healthy\"");
      JsonNode shown = api.get("/api/v1/definitions/" + name).json().get("healthCheck");
      assertThat(shown.get("initialDelaySeconds").asInt()).isZero();

      String changed = check.replace("\"intervalSeconds\":1", "\"intervalSeconds\":2");
      Api.Response put = api.put("/api/v1/definitions/" + name, vm(name, 0, changed));
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      await().atMost(CONVERGE).until(() -> status(name).get("observedGeneration").asInt() == 2);
      assertThat(status(name).get("computeSystemId").asString()).isEqualTo(id);
      assertThat(status(name).get("incarnation").asInt()).isEqualTo(1);
    }
  }

  @Test
  void anExecCheckOnAVmIsA400OnItsType() {
    Api.Response r =
        api.post(
            "/api/v1/definitions",
            vm(name("exec-vm"), 0, "{\"type\":\"Exec\",\"command\":\"cmd /c exit 0\"}"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("healthCheck.type");
  }

  @Test
  void anExecCheckMadeToFailReplacesTheContainer() {
    String name = name("exec");
    double before = unhealthyRestarts("Container");
    Api.Response created =
        api.post(
            "/api/v1/definitions",
            """
            {"name":"%s","kind":"Container","restartPolicy":"OnFailure",
             "shutdownTimeoutSeconds":0,
             "container":{"layers":["%s"],"command":"cmd /c ping -t localhost"},
             "healthCheck":{"type":"Exec","command":"cmd /c exit 0","intervalSeconds":1,
               "timeoutSeconds":1,"failureThreshold":2}}"""
                .formatted(name, layer()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await().atMost(CONVERGE).until(() -> healthy(status(name)));
    String id = status(name).get("computeSystemId").asString();

    Api.Response r =
        api.post("/api/v1/simulator/compute-systems/" + id + "/exec-result", "{\"exitCode\":1}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode s = status(name);
              assertThat(s.get("restartCount").asInt()).isEqualTo(1);
              assertThat(s.get("lastExit").get("type").asString()).isEqualTo("Unhealthy");
              assertThat(s.get("phase").asString()).isEqualTo("Running");
              assertThat(s.get("computeSystemId").asString()).isNotEqualTo(id);
            });
    // the new container answers 0 again (the simulator's result belonged to the old one)
    await().atMost(CONVERGE).until(() -> healthy(status(name)));
    assertThat(unhealthyRestarts("Container")).isEqualTo(before + 1);
    assertThat(api.get("/api/v1/compute-systems").body()).doesNotContain(id);
  }
}
