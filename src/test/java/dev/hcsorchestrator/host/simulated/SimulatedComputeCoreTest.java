package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.Documents.CONTAINER;
import static dev.hcsorchestrator.host.simulated.Documents.VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Simulator-only behaviour: persistence, faults, latency, and the controls from outside. */
class SimulatedComputeCoreTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private final List<SimulatedComputeCore> opened = new CopyOnWriteArrayList<>();
  private final List<HcsEvent> events = new CopyOnWriteArrayList<>();

  private SimulatedComputeCore newCore(Map<String, Duration> latency) {
    SimulatedComputeCore core =
        new SimulatedComputeCore(dir, faults, new SimulatorSettings(latency, false));
    core.setEventListener(events::add);
    opened.add(core);
    return core;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(SimulatedComputeCore::close);
  }

  private static String state(SimulatedComputeCore core, String id) {
    return JSON.readTree(core.getComputeSystemProperties(id, null)).path("State").asString();
  }

  private static int hresult(Runnable call) {
    try {
      call.run();
    } catch (HcsException e) {
      return e.hresult();
    }
    throw new AssertionError("no failure");
  }

  @Test
  void systemsOutliveARestartOfTheServiceOnTheSameDirectory() {
    SimulatedComputeCore first = newCore(Map.of());
    first.createComputeSystem("created", VM);
    first.createComputeSystem("paused", VM);
    first.startComputeSystem("paused", null);
    first.pauseComputeSystem("paused", null);
    first.createComputeSystem("c", CONTAINER);
    first.startComputeSystem("c", null);
    int pid = first.createProcess("c", "{\"CommandLine\":\"ping -t localhost\"}");
    first.createComputeSystem("stopped", VM);
    first.startComputeSystem("stopped", null);
    first.terminateComputeSystem("stopped", null);
    await().until(() -> events.stream().anyMatch(e -> "stopped".equals(e.systemId())));
    first.close();

    SimulatedComputeCore second = newCore(Map.of());

    assertThat(state(second, "created")).isEqualTo("Created");
    assertThat(state(second, "paused")).isEqualTo("Paused");
    assertThat(state(second, "c")).isEqualTo("Running");
    assertThat(JSON.readTree(second.processStatus("c", pid)).path("Exited").asBoolean()).isFalse();
    assertThat(hresult(() -> second.getComputeSystemProperties("stopped", null)))
        .isEqualTo(HResults.HCS_E_SYSTEM_NOT_FOUND);
    assertThat(second.createProcess("c", "{\"CommandLine\":\"cmd\"}")).isGreaterThan(pid);
    second.resumeComputeSystem("paused", null);
    assertThat(state(newCore(Map.of()), "paused")).isEqualTo("Running");
  }

  @Test
  void eachSystemIsOneFileRemovedWhenItStops() throws Exception {
    SimulatedComputeCore core = newCore(Map.of());
    core.createComputeSystem("a", VM);
    core.createComputeSystem("b", VM);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.json", "b.json");
    }
    core.terminateComputeSystem("a", null);
    await().until(() -> !Files.exists(dir.resolve("a.json")));
  }

  @Test
  void injectedFaultFailsTheNextCountCallsOnly() {
    SimulatedComputeCore core = newCore(Map.of());
    faults.inject("Create", HResults.HCS_E_SERVICE_NOT_AVAILABLE, 2);

    assertThat(hresult(() -> core.createComputeSystem("a", VM)))
        .isEqualTo(HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThat(hresult(() -> core.createComputeSystem("a", VM)))
        .isEqualTo(HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    core.createComputeSystem("a", VM);

    faults.inject("Start", HResults.HCS_E_OPERATION_TIMEOUT, 5);
    faults.clear();
    core.startComputeSystem("a", null);
    assertThat(faults.pending()).isEmpty();
  }

  @Test
  void faultOfAnUnknownOperationIsRefused() {
    assertThatThrownBy(() -> faults.inject("Reboot", HResults.E_FAIL, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> faults.inject("Start", 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latencyDelaysTheCallerOfCreate() {
    SimulatedComputeCore core = newCore(Map.of("create", Duration.ofMillis(200)));
    long start = System.nanoTime();
    core.createComputeSystem("a", VM);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void shutdownLatencyDelaysTheExitWhileASecondStopIsRefused() {
    SimulatedComputeCore core = newCore(Map.of("shutdown", Duration.ofMillis(300)));
    core.createComputeSystem("a", VM);
    core.startComputeSystem("a", null);

    core.shutDownComputeSystem("a", null);

    assertThat(state(core, "a")).isEqualTo("Running");
    assertThat(hresult(() -> core.shutDownComputeSystem("a", null)))
        .isEqualTo(HResults.HCS_E_SYSTEM_ALREADY_STOPPED);
    // A terminate overtakes the pending shutdown; the system exits once.
    core.terminateComputeSystem("a", null);
    await().until(() -> events.stream().anyMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED));
    assertThat(JSON.readTree(events.get(0).eventData()).path("ExitType").asString())
        .isEqualTo("ForcedExit");
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> events.stream().filter(e -> e.type() == HcsEvent.SYSTEM_EXITED).count() == 1);
  }

  @Test
  void shutdownOptionsAreReservedAndRefused() {
    SimulatedComputeCore core = newCore(Map.of());
    core.createComputeSystem("a", VM);
    core.startComputeSystem("a", null);

    assertThat(
            hresult(
                () ->
                    core.shutDownComputeSystem(
                        "a", "{\"Mechanism\":\"IntegrationService\",\"Type\":\"Shutdown\"}")))
        .isEqualTo(HResults.HCS_E_INVALID_JSON);
    assertThat(state(core, "a")).isEqualTo("Running");
    core.terminateComputeSystem("a", null);
    await().until(() -> events.stream().anyMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED));
  }

  @Test
  void shutdownOfASystemThatIsNotRunningIsInvalid() {
    SimulatedComputeCore core = newCore(Map.of());
    core.createComputeSystem("a", VM);
    assertThat(hresult(() -> core.shutDownComputeSystem("a", null)))
        .isEqualTo(HResults.HCS_E_INVALID_STATE);
    core.terminateComputeSystem("a", null);
    await().until(() -> events.stream().anyMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED));
  }

  @Test
  void pauseBehindTheBackAndForeignSystemsAreVisible() {
    SimulatedComputeCore core = newCore(Map.of());
    core.createComputeSystem("a", VM);
    core.startComputeSystem("a", null);

    assertThat(core.pauseFromOutside("a")).isTrue();
    assertThat(core.pauseFromOutside("a")).isFalse();
    assertThat(state(core, "a")).isEqualTo("Paused");

    core.addForeignSystem("f", "docker", SystemType.Container);
    JsonNode f = JSON.readTree(core.getComputeSystemProperties("f", null));
    assertThat(f.path("Owner").asString()).isEqualTo("docker");
    assertThat(f.path("State").asString()).isEqualTo("Running");
    assertThatThrownBy(() -> core.addForeignSystem("f", "docker", SystemType.Container))
        .isInstanceOf(HcsException.class);
    assertThat(core.exitFromOutside("nope", NotificationType.GracefulExit, 0)).isFalse();
  }

  @Test
  void unsupportedRequestsAreAnsweredAsHcsWould() {
    SimulatedComputeCore core = newCore(Map.of());
    core.createComputeSystem("vm", VM);
    core.startComputeSystem("vm", null);
    assertThat(hresult(() -> core.createProcess("vm", "{\"CommandLine\":\"cmd\"}")))
        .isEqualTo(HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION);
    assertThat(hresult(() -> core.startComputeSystem("vm", "{\"Force\":true}")))
        .isEqualTo(HResults.HCS_E_INVALID_JSON);
    assertThat(
            hresult(() -> core.createComputeSystem("v3", VM.replace("\"Major\":2", "\"Major\":3"))))
        .isEqualTo(HResults.HCS_E_UNSUPPORTED_PROTOCOL_VERSION);
    assertThat(hresult(() -> core.createComputeSystem("", VM))).isEqualTo(HResults.E_INVALIDARG);
    core.pauseComputeSystem("vm", null);
    assertThat(hresult(() -> core.saveComputeSystem("vm", null))).isEqualTo(HResults.E_INVALIDARG);
    core.saveComputeSystem("vm", "{\"SaveType\":\"AsTemplate\"}");
    assertThat(state(core, "vm")).isEqualTo("SavedAsTemplate");
  }

  @Test
  void serviceDisconnectDropsEveryHandleButKeepsTheSystems() {
    SimulatedComputeCore core = newCore(Map.of());
    core.createComputeSystem("a", VM);
    core.startComputeSystem("a", null);

    core.disconnectService();

    await().until(() -> events.stream().anyMatch(e -> e.type() == HcsEvent.SERVICE_DISCONNECT));
    assertThat(state(core, "a")).isEqualTo("Running");
    core.exitFromOutside("a", NotificationType.UnexpectedExit, 0);
    await()
        .during(Duration.ofMillis(200))
        .until(() -> events.stream().noneMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED));
  }
}
