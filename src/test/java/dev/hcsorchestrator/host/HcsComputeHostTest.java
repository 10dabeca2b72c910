package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed host API over the simulated computecore. */
class HcsComputeHostTest {

  @TempDir Path dir;
  private SimulatedComputeCore core;
  private SimulatorFaults faults;
  private SimpleMeterRegistry registry;
  private HcsComputeHost host;
  private final List<HostEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    faults = new SimulatorFaults();
    core =
        new SimulatedComputeCore(
            dir.resolve("sim"), faults, SimulatorSettings.withoutGrantChecks());
    registry = new SimpleMeterRegistry();
    host = new HcsComputeHost(core, "orchestrator", "simulated", registry);
    host.subscribe(events::add);
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  private static SystemSpec vm(String id) {
    return new SystemSpec(
        id,
        SystemType.VirtualMachine,
        1,
        512,
        List.of(new SystemSpec.AttachedDisk("C:\\s\\os.vhdx", false, false)),
        List.of(),
        List.of(),
        null,
        null);
  }

  private static SystemSpec container(String id) {
    return new SystemSpec(
        id,
        SystemType.Container,
        1,
        256,
        List.of(),
        List.of(),
        List.of(),
        new SystemSpec.ContainerStorage(
            "c",
            List.of(
                new ScratchVolume.LayerId(
                    "0f0e0d0c-0b0a-4908-8706-050403020100", "C:\\layers\\base")),
            "C:\\s\\scratch",
            "\\\\?\\Volume{5b1f4a2e-8c3d-4e6f-9a0b-1c2d3e4f5a6b}\\",
            List.of(),
            null),
        null);
  }

  @Test
  void createdAndStartedSystemIsListedWithOwnerTypeAndState() {
    host.create(vm("a"));
    host.start("a");

    assertThat(host.inspect("a"))
        .contains(
            new ObservedSystem(
                "a", "orchestrator", SystemType.VirtualMachine, SystemState.Running));
    assertThat(host.list())
        .containsExactly(
            new ObservedSystem(
                "a", "orchestrator", SystemType.VirtualMachine, SystemState.Running));
    assertThat(host.inspect("missing")).isEmpty();
  }

  @Test
  void guestShutdownArrivesAsSystemExitedAndTheSystemIsGone() {
    host.create(vm("a"));
    host.start("a");

    core.exitFromOutside("a", NotificationType.GracefulExit, 0);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> events.contains(new HostEvent.SystemExited("a", HostExitType.GracefulExit, 0)));
    assertThat(host.inspect("a")).isEmpty();
    assertThat(host.list()).isEmpty();
  }

  @Test
  void adoptedSystemStillReportsItsExit() {
    core.addForeignSystem(
        "adopted", "orchestrator", dev.hcsorchestrator.host.hcs.schema.SystemType.VirtualMachine);
    assertThat(host.inspect("adopted")).isPresent();

    host.terminate("adopted");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                events.contains(
                    new HostEvent.SystemExited(
                        "adopted", HostExitType.ForcedExit, HResults.HCS_E_TERMINATED)));
  }

  @Test
  void containerProcessExitCarriesItsCode() {
    host.create(container("c"));
    host.start("c");
    int pid = host.createProcess("c", new ProcessSpec("cmd /c exit 7", "C:\\", Map.of("A", "1")));

    core.exitProcessFromOutside("c", pid, 7);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> events.contains(new HostEvent.ProcessExited("c", pid, 7)));
  }

  @Test
  void failuresAreClassifiedHostExceptions() {
    host.create(vm("a"));
    assertThatThrownBy(() -> host.create(vm("a"))).isInstanceOf(HostException.AlreadyExists.class);
    assertThatThrownBy(() -> host.pause("a")).isInstanceOf(HostException.InvalidState.class);
    assertThatThrownBy(() -> host.start("nope")).isInstanceOf(HostException.NotFound.class);
    // A plain VM has no guest agent to run processes: repeating cannot help.
    assertThatThrownBy(() -> host.createProcess("a", new ProcessSpec("cmd", null, null)))
        .isInstanceOf(HostException.Rejected.class);

    faults.inject("Start", HResults.HCS_E_SERVICE_NOT_AVAILABLE, 1);
    assertThatThrownBy(() -> host.start("a")).isInstanceOf(HostException.Unavailable.class);
    host.start("a");

    faults.inject("Enumerate", HResults.HCS_E_OPERATION_TIMEOUT, 1);
    assertThatThrownBy(() -> host.list()).isInstanceOf(HostException.Timeout.class);
  }

  /** The options strings each call sent to the simulated core, by function. */
  private HcsComputeHost recordingOptions(Map<String, List<String>> sent) {
    dev.hcsorchestrator.host.hcs.ComputeCore recording =
        (dev.hcsorchestrator.host.hcs.ComputeCore)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {dev.hcsorchestrator.host.hcs.ComputeCore.class},
                (proxy, method, args) -> {
                  if (method.getName().endsWith("ComputeSystem") && args.length == 2) {
                    sent.computeIfAbsent(method.getName(), k -> new CopyOnWriteArrayList<>())
                        .add(String.valueOf(args[1]));
                  }
                  try {
                    return method.invoke(core, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return new HcsComputeHost(recording, "orchestrator", "simulated", registry);
  }

  @Test
  void aPauseForASaveSendsTheOptionsOfMicrosoftsSampleAndAShutdownSendsNone() {
    Map<String, List<String>> sent = new java.util.concurrent.ConcurrentHashMap<>();
    HcsComputeHost recorded = recordingOptions(sent);
    recorded.create(vm("a"));
    recorded.start("a");

    recorded.pauseToSave("a");
    recorded.save("a", dir.resolve("a.vmrs").toString());
    recorded.resume("a");
    recorded.shutDown("a");

    assertThat(sent.get("pauseComputeSystem"))
        .containsExactly(
            "{\"SuspensionLevel\":\"Suspend\",\"HostedNotification\":{\"Reason\":\"Save\"}}");
    assertThat(sent.get("shutDownComputeSystem")).containsExactly("null");
    await().until(() -> host.inspect("a").isEmpty());
  }

  @Test
  void saveWritesTheStateFileOfAPausedVm() {
    Path file = dir.resolve("state").resolve("a.vmrs");
    host.create(vm("a"));
    host.start("a");
    host.pause("a");

    host.save("a", file.toString());

    assertThat(file).exists();
    assertThat(host.inspect("a").orElseThrow().state()).isEqualTo(SystemState.Paused);
  }

  @Test
  void probeReportsModeAndSchemaVersions() {
    assertThat(host.probe()).isEqualTo(new HostInfo("simulated", List.of("2.5")));
  }

  @Test
  void serviceDisconnectPassesThrough() {
    core.disconnectService();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> events.contains(new HostEvent.ServiceDisconnected()));
  }

  @Test
  void propertiesAreReadDefensively() {
    assertThat(
            HcsAnswers.observed(
                "x",
                HcsJson.lenient(
                    "{\"Stopped\":true,\"ExitType\":\"GracefulExit\"}", Properties.class)))
        .isEqualTo(new ObservedSystem("x", null, null, SystemState.Stopped));
    assertThat(
            HcsAnswers.observed(
                "x",
                HcsJson.lenient(
                    "{\"Id\":\"x\",\"SystemType\":\"Container\",\"State\":\"Hibernated\",\"NewField\":{\"a\":1}}",
                    Properties.class)))
        .isEqualTo(new ObservedSystem("x", null, SystemType.Container, SystemState.Unknown));
    assertThat(
            HcsAnswers.observed(
                "x",
                HcsJson.lenient("{\"Id\":\"x\",\"State\":\"SavedAsTemplate\"}", Properties.class)))
        .isEqualTo(new ObservedSystem("x", null, null, SystemState.SavedAsTemplate));
  }

  @Test
  void eventsAreTranslatedDefensively() {
    assertThat(
            HcsAnswers.translate(
                new HcsEvent(
                    HcsEvent.SYSTEM_EXITED, "s", null, "{\"Status\":0,\"ExitType\":\"Unheard\"}")))
        .isEqualTo(new HostEvent.SystemExited("s", HostExitType.Unknown, 0));
    assertThat(HcsAnswers.translate(new HcsEvent(HcsEvent.SYSTEM_EXITED, "s", null, null)))
        .isEqualTo(new HostEvent.SystemExited("s", HostExitType.Unknown, 0));
    assertThat(
            HcsAnswers.translate(
                new HcsEvent(
                    HcsEvent.PROCESS_EXITED,
                    "s",
                    8,
                    "{\"ProcessId\":8,\"Exited\":true,\"ExitCode\":5,\"LastWaitResult\":-2147024891}")))
        .isEqualTo(new HostEvent.ProcessExited("s", 8, -1));
    assertThat(
            HcsAnswers.translate(
                new HcsEvent(
                    HcsEvent.PROCESS_EXITED,
                    "s",
                    null,
                    "{\"ProcessId\":8,\"Exited\":true,\"ExitCode\":4294967295,\"LastWaitResult\":0}")))
        .isEqualTo(new HostEvent.ProcessExited("s", 8, -1));
    assertThat(HcsAnswers.translate(new HcsEvent(HcsEvent.SYSTEM_CRASH_REPORT, "s", null, "{}")))
        .isNull();
  }

  @Test
  void everyOperationIsTimedWithItsOutcome() {
    host.create(vm("a"));
    assertThatThrownBy(() -> host.start("nope")).isInstanceOf(HostException.NotFound.class);

    assertThat(
            registry
                .get(HostOperations.METRIC)
                .tags("operation", "create", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get(HostOperations.METRIC)
                .tags("operation", "start", "outcome", "notfound")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void durationMetricIsAPrometheusHistogramNamedAsTheContractSays() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HcsComputeHost timed = new HcsComputeHost(core, "orchestrator", "simulated", prometheus);
    timed.create(vm("p"));

    assertThat(prometheus.scrape())
        .contains("hcs_host_operation_duration_seconds_bucket{")
        .contains("operation=\"create\"")
        .contains("outcome=\"success\"");
  }
}
