package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The behaviours of issue 3's "How it is checked", through HTTP only, against the service on the
 * simulated host with short backoff settings.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/reconcile-${random.uuid}",
      "hcs.storage.image-roots[0]=${user.dir}/target/it-data/layers",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.restart.backoff.reset-after=10m",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=reconcile-it-token"
    })
class ReconcileIT {

  static final Duration CONVERGE = Duration.ofSeconds(10);

  @LocalServerPort int port;

  Api api;

  @BeforeEach
  void client() {
    api = new Api("http://127.0.0.1:" + port, "reconcile-it-token");
  }

  @AfterEach
  void clearFaults() {
    api.delete("/api/v1/simulator/faults");
  }

  static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String vm(String name, String policy, Integer maxRestarts, int memoryMB) {
    return """
        {"name":"%s","kind":"VirtualMachine","restartPolicy":"%s","maxRestarts":%s,
         "shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":2,"memoryMB":%d,
           "disks":[{"name":"data","sizeGB":20}],
           "networkAdapters":[{"name":"nic0","network":"nat"}]}}"""
        .formatted(name, policy, maxRestarts, memoryMB);
  }

  JsonNode create(String body) {
    Api.Response r = api.post("/api/v1/definitions", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  JsonNode definition(String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  JsonNode status(String name) {
    return definition(name).get("status");
  }

  String phase(String name) {
    return status(name).get("phase").asString();
  }

  JsonNode awaitPhase(String name, String phase) {
    await().atMost(CONVERGE).until(() -> phase.equals(phase(name)));
    return status(name);
  }

  String systemId(String name) {
    return status(name).get("computeSystemId").asString();
  }

  /** What the host runs now for the given compute system id, or null. */
  JsonNode hostSystem(String id) {
    for (JsonNode s : api.get("/api/v1/compute-systems").json()) {
      if (s.get("id").asString().equals(id)) {
        return s;
      }
    }
    return null;
  }

  void exit(String systemId, String type) {
    Api.Response r =
        api.post(
            "/api/v1/simulator/compute-systems/" + systemId + "/exit",
            "{\"exitType\":\"" + type + "\",\"exitCode\":0}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
  }

  @Test
  void restartsVmWithinASecondAfterGuestShutdown() {
    String name = name("guest");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    String first = systemId(name);

    exit(first, "GracefulExit");

    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              JsonNode s = status(name);
              assertThat(s.get("phase").asString()).isEqualTo("Running");
              assertThat(s.get("restartCount").asInt()).isEqualTo(1);
              assertThat(s.get("lastExit").get("type").asString()).isEqualTo("GracefulExit");
            });
    assertThat(systemId(name)).isNotEqualTo(first);
    assertThat(hostSystem(systemId(name)).get("state").asString()).isEqualTo("Running");
    assertThat(hostSystem(first)).isNull();
  }

  @Test
  void aStopStaysStopped() {
    String name = name("stop");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    String id = systemId(name);

    assertThat(api.post("/api/v1/definitions/" + name + "/stop", null).status()).isEqualTo(202);
    awaitPhase(name, "Stopped");
    assertThat(hostSystem(id)).isNull();

    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(
            () -> "Stopped".equals(phase(name)) && status(name).get("restartCount").asInt() == 0);
  }

  @Test
  void onFailureIgnoresAGuestShutdownButRestartsAfterACrash() {
    String name = name("onfailure");
    create(vm(name, "OnFailure", null, 2048));
    awaitPhase(name, "Running");
    exit(systemId(name), "UnexpectedExit");
    await()
        .atMost(CONVERGE)
        .until(
            () -> status(name).get("restartCount").asInt() == 1 && "Running".equals(phase(name)));

    exit(systemId(name), "GracefulExit");
    JsonNode s = awaitPhase(name, "Stopped");
    assertThat(s.get("lastExit").get("type").asString()).isEqualTo("GracefulExit");
    assertThat(s.get("restartCount").asInt()).isEqualTo(1);
  }

  @Test
  void neverRecordsTheExitAndStaysStopped() {
    String name = name("never");
    create(vm(name, "Never", null, 2048));
    awaitPhase(name, "Running");
    exit(systemId(name), "UnexpectedExit");
    JsonNode s = awaitPhase(name, "Stopped");
    assertThat(s.get("lastExit").get("type").asString()).isEqualTo("UnexpectedExit");
    assertThat(s.get("restartCount").asInt()).isZero();
    assertThat(hostSystem(s.get("computeSystemId").asString())).isNull();
  }

  @Test
  void repeatedCrashesBackOffThenFailPastMaxRestarts() {
    String name = name("crashloop");
    create(vm(name, "Always", 2, 2048));
    awaitPhase(name, "Running");

    exit(systemId(name), "UnexpectedExit"); // restart 1: immediate
    await()
        .atMost(CONVERGE)
        .until(
            () -> status(name).get("restartCount").asInt() == 1 && "Running".equals(phase(name)));

    exit(systemId(name), "UnexpectedExit"); // restart 2: after 1 s
    JsonNode backoff = awaitPhase(name, "BackOff");
    assertThat(backoff.get("nextRetryAt").isNull()).isFalse();
    assertThat(backoff.get("conditions").toString()).contains("BackOff");
    await()
        .atMost(CONVERGE)
        .until(
            () -> status(name).get("restartCount").asInt() == 2 && "Running".equals(phase(name)));

    exit(systemId(name), "UnexpectedExit"); // third in a row: past maxRestarts
    JsonNode failed = awaitPhase(name, "Failed");
    assertThat(failed.get("message").asString()).contains("maxRestarts");

    assertThat(api.post("/api/v1/definitions/" + name + "/start", null).status()).isEqualTo(202);
    awaitPhase(name, "Running");
  }

  @Test
  void aSpecChangeMakesANewIncarnationAndObservesTheGeneration() {
    String name = name("spec");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    String first = systemId(name);

    Api.Response put = api.put("/api/v1/definitions/" + name, vm(name, "Always", null, 4096));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    long generation = put.json().get("generation").asLong();

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode d = definition(name);
              assertThat(d.get("status").get("phase").asString()).isEqualTo("Running");
              assertThat(d.get("status").get("incarnation").asLong()).isEqualTo(2);
              assertThat(d.get("status").get("observedGeneration").asLong()).isEqualTo(generation);
            });
    assertThat(hostSystem(first)).isNull();
    String doc = api.get("/api/v1/definitions/" + name + "/hcs-document").body();
    assertThat(doc).contains("4096").contains("hcs-orchestrator");
  }

  @Test
  void resumesASystemPausedBehindItsBack() {
    String name = name("paused");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    String id = systemId(name);

    Api.Response r = api.post("/api/v1/simulator/compute-systems/" + id + "/pause", null);
    assertThat(r.status()).as(r.body()).isEqualTo(204);

    await().atMost(CONVERGE).until(() -> "Running".equals(hostSystem(id).get("state").asString()));
    assertThat(systemId(name)).isEqualTo(id);
    assertThat(api.get("/api/v1/definitions/" + name + "/events?limit=100").body())
        .contains("Resumed");
  }

  @Test
  void aPauseBehindItsBackIsResumedWhileTheResyncCannotEnumerate() {
    String name = name("no-enumerate");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    String id = systemId(name);
    // an enumeration that began after the definition's last pass, and so saw it running
    double lists = successfulLists();
    await().atMost(CONVERGE).until(() -> successfulLists() >= lists + 2);
    Api.Response f =
        api.post(
            "/api/v1/simulator/faults",
            "{\"operation\":\"Enumerate\",\"hresult\":\"0x80370114\",\"count\":100000}");
    assertThat(f.status()).as(f.body()).isEqualTo(204);

    Api.Response r = api.post("/api/v1/simulator/compute-systems/" + id + "/pause", null);
    assertThat(r.status()).as(r.body()).isEqualTo(204);

    await()
        .atMost(CONVERGE)
        .until(
            () ->
                api.get("/api/v1/definitions/" + name + "/events?limit=100")
                    .body()
                    .contains("paused behind our back"));
    assertThat(phase(name)).isEqualTo("Running");
    assertThat(systemId(name)).isEqualTo(id);
  }

  /** Enumerations of the host that succeeded so far (the resync's, the sweep's, the API's). */
  double successfulLists() {
    return api.get("/actuator/prometheus")
        .body()
        .lines()
        .filter(l -> l.startsWith("hcs_host_operation_duration_seconds_count{"))
        .filter(l -> l.contains("operation=\"list\"") && l.contains("outcome=\"success\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void removesAnOrphanWithOurOwnerAndKeepsAForeignSystem() {
    String orphan = UUID.randomUUID().toString();
    String foreign = UUID.randomUUID().toString();
    assertThat(
            api.post(
                    "/api/v1/simulator/compute-systems",
                    "{\"id\":\"%s\",\"owner\":\"hcs-orchestrator\",\"systemType\":\"VirtualMachine\"}"
                        .formatted(orphan))
                .status())
        .isEqualTo(201);
    assertThat(
            api.post(
                    "/api/v1/simulator/compute-systems",
                    "{\"id\":\"%s\",\"owner\":\"docker\",\"systemType\":\"Container\"}"
                        .formatted(foreign))
                .status())
        .isEqualTo(201);

    await().atMost(CONVERGE).until(() -> hostSystem(orphan) == null);
    assertThat(hostSystem(foreign)).isNotNull();
    assertThat(hostSystem(foreign).get("definition").isNull()).isTrue();
  }

  @Test
  void survivesInjectedTransientFaults() {
    Api.Response f =
        api.post(
            "/api/v1/simulator/faults",
            "{\"operation\":\"Create\",\"hresult\":\"0x80370114\",\"count\":3}");
    assertThat(f.status()).as(f.body()).isEqualTo(204);
    String name = name("faulty");
    create(vm(name, "Always", null, 2048));

    JsonNode s = awaitPhase(name, "Running");
    assertThat(s.get("incarnation").asLong()).isEqualTo(1);
    assertThat(hostSystem(s.get("computeSystemId").asString()).get("definition").asString())
        .isEqualTo(name);
  }

  @Test
  void deleteRemovesTheSystemThenTheDefinition() {
    String name = name("delete");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    String id = systemId(name);

    assertThat(api.delete("/api/v1/definitions/" + name).status()).isEqualTo(202);
    await().atMost(CONVERGE).until(() -> api.get("/api/v1/definitions/" + name).status() == 404);
    assertThat(hostSystem(id)).isNull();
  }

  @Test
  void restartsAContainerWhoseWorkloadEndsWithANonZeroCode() {
    String name = name("app");
    create(
        """
        {"name":"%s","kind":"Container","restartPolicy":"OnFailure",
         "container":{"layers":["%s"],"command":"cmd /c ping -t localhost",
           "workingDirectory":"C:\\\\","environment":{"MODE":"prod"}}}"""
            .formatted(name, layer()));
    awaitPhase(name, "Running");
    String id = systemId(name);
    int pid = workloadPid(id);

    Api.Response r =
        api.post(
            "/api/v1/simulator/compute-systems/" + id + "/processes/" + pid + "/exit",
            "{\"exitCode\":3}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode s = status(name);
              assertThat(s.get("phase").asString()).isEqualTo("Running");
              assertThat(s.get("restartCount").asInt()).isEqualTo(1);
              assertThat(s.get("lastExit").get("type").asString()).isEqualTo("ProcessExit");
              assertThat(s.get("lastExit").get("exitCode").asInt()).isEqualTo(3);
            });
  }

  /** A container layer folder in the image root; it exists, as the scratch needs it to. */
  String layer() {
    return HealthCheckIT.layer();
  }

  int workloadPid(String systemId) {
    await().atMost(CONVERGE).until(() -> !processes(systemId).isEmpty());
    return processes(systemId).get(0).get("processId").asInt();
  }

  java.util.List<JsonNode> processes(String systemId) {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    for (JsonNode s : api.get("/api/v1/simulator/compute-systems").json()) {
      if (s.get("id").asString().equals(systemId) && s.has("processes")) {
        s.get("processes").forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void exposesTheMetricsOfTheContract() {
    String name = name("metrics");
    create(vm(name, "Always", null, 2048));
    awaitPhase(name, "Running");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              String text = api.get("/actuator/prometheus").body();
              assertThat(text)
                  .contains("hcs_definitions{kind=\"VirtualMachine\",phase=\"Running\"}")
                  .contains("hcs_compute_systems{state=\"Running\"}")
                  .contains("hcs_restarts_total{kind=")
                  .contains("hcs_drift_total{cause=\"orphan\"")
                  .contains("hcs_reconcile_total{result=\"success\"}")
                  .contains("hcs_reconcile_duration_seconds_bucket")
                  .contains("hcs_reconcile_queue_depth");
            });
    JsonNode health = api.get("/actuator/health/readiness").json();
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.toString()).contains("reconciler").contains("host");
  }
}
