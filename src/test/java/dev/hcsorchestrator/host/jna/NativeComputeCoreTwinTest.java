package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * What only the native path has: handles, operations, result strings and native event threads, run
 * through JNA against the C twin, with the twin's bookkeeping asserting no leak and no misuse after
 * every test.
 */
class NativeComputeCoreTwinTest {

  static final String VM =
      """
      {"Owner":"twin-test","SchemaVersion":{"Major":2,"Minor":5},
       "VirtualMachine":{"Services":{"Shutdown":{}},"ComputeTopology":{"Memory":{"SizeInMB":256},"Processor":{"Count":1}}}}
      """;
  static final String CONTAINER =
      """
      {"Owner":"twin-test","SchemaVersion":{"Major":2,"Minor":1},
       "Container":{"Storage":{"Path":"C:\\\\scratch","Layers":[
         {"Id":"0f0e0d0c-0b0a-0908-0706-050403020100","Path":"C:\\\\layers\\\\base"}]}}}
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static String path;
  private static TwinLibrary twin;

  @TempDir Path dir;
  private SimulatedComputeCore sim;
  private TwinBackend backend;
  private NativeComputeCore core;
  private final List<HcsEvent> events = new CopyOnWriteArrayList<>();
  private TwinLeaks leaks;
  private long closedWhileInUse;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinLibrary.load(path);
  }

  @BeforeEach
  void setUp() {
    sim = newBackendCore(dir);
    backend = new TwinBackend(twin, sim);
    backend.install();
    core = NativeComputeCore.load(path, timeouts(Duration.ofSeconds(30)));
    core.setEventListener(events::add);
    leaks = TwinLeaks.baseline(twin);
    closedWhileInUse = twin.TwinStat(TwinLibrary.CLOSE_WHILE_IN_USE);
  }

  /** The one Java source of HCS semantics the twin forwards to. */
  static SimulatedComputeCore newBackendCore(Path dir) {
    return new SimulatedComputeCore(
        dir.resolve("simulator"), new SimulatorFaults(), SimulatorSettings.withoutGrantChecks());
  }

  private static NativeTimeouts timeouts(Duration start) {
    Duration d = Duration.ofSeconds(30);
    return new NativeTimeouts(d, start, d, d, d, Duration.ofSeconds(5), d, d);
  }

  @AfterEach
  void leavesNoLeakAndNoMisuse() {
    core.close();
    for (int fn = 0; fn < 40; fn++) {
      twin.TwinSetDelay(fn, 0);
    }
    twin.TwinSetSpuriousCreateProcessFailures(0);
    try {
      leaks.assertNone();
    } finally {
      backend.uninstall();
      sim.close();
    }
  }

  private void awaitEvent(int type, String systemId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> events.stream().anyMatch(e -> e.type() == type && systemId.equals(e.systemId())));
  }

  @Test
  void drivesASystemThroughTheTwinAndFreesEveryResultString() {
    long allocated = twin.TwinStat(TwinLibrary.STRINGS_ALLOCATED);
    core.createComputeSystem("vm-1", VM);
    core.startComputeSystem("vm-1", null);
    core.pauseComputeSystem("vm-1", null);
    core.resumeComputeSystem("vm-1", null);

    assertThat(core.getComputeSystemProperties("vm-1", null)).contains("\"Running\"");
    assertThat(core.enumerateComputeSystems(null)).contains("vm-1");
    assertThat(core.getServiceProperties("{\"PropertyTypes\":[\"Basic\"]}"))
        .contains("SupportedSchemaVersions");
    assertThat(twin.TwinStat(TwinLibrary.STRINGS_ALLOCATED)).isGreaterThan(allocated + 2);
    assertThat(twin.TwinStat(TwinLibrary.LIVE_STRINGS)).isZero();
    assertThat(twin.TwinStat(TwinLibrary.LIVE_OPERATIONS)).isZero();
    assertThat(twin.TwinStat(TwinLibrary.LIVE_SYSTEMS)).isEqualTo(1);
  }

  @Test
  void terminateIsCompletedByTheExitEventWhichReleasesTheHandle() {
    core.createComputeSystem("vm-2", VM);
    core.startComputeSystem("vm-2", null);

    core.terminateComputeSystem("vm-2", null);

    awaitEvent(HcsEvent.SYSTEM_EXITED, "vm-2");
    assertThat(events.get(0).eventData()).contains("ForcedExit");
    await().until(() -> twin.TwinStat(TwinLibrary.LIVE_SYSTEMS) == 0);
    assertThat(core.openSystemIds()).doesNotContain("vm-2");
    assertThatThrownBy(() -> core.getComputeSystemProperties("vm-2", null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_SYSTEM_NOT_FOUND));
  }

  @Test
  void failuresCarryTheHresultAndTheResultErrorDocument() {
    core.createComputeSystem("vm-3", VM);

    assertThatThrownBy(() -> core.createComputeSystem("vm-3", VM))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> {
              assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_SYSTEM_ALREADY_EXISTS);
              assertThat(e.resultDocument()).contains("\"Error\"");
              assertThat(e.getMessage())
                  .contains(JSON.readTree(e.resultDocument()).path("ErrorMessage").asString());
              assertThat(e.operation()).isEqualTo("HcsCreateComputeSystem");
            });
    assertThatThrownBy(() -> core.createComputeSystem("vm-bad", "{not json"))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_INVALID_JSON));
    assertThatThrownBy(() -> core.pauseComputeSystem("vm-3", null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_INVALID_STATE));
    assertThatThrownBy(() -> core.startComputeSystem("nowhere", null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> {
              assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_SYSTEM_NOT_FOUND);
              assertThat(e.operation()).isEqualTo("HcsOpenComputeSystem");
            });
    assertThat(core.openSystemIds()).containsExactly("vm-3");
  }

  @Test
  void aWaitThatRunsOutFailsWithTheNamedTimeoutAndTheOperationStillCompletes() {
    core.close();
    core = NativeComputeCore.load(path, timeouts(Duration.ofMillis(200)));
    core.createComputeSystem("vm-slow", VM);
    twin.TwinSetDelay(TwinLibrary.FN_START, 1_500);

    assertThatThrownBy(() -> core.startComputeSystem("vm-slow", null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> {
              assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_OPERATION_TIMEOUT);
              assertThat(e.getMessage()).contains("hcs.host.native.timeouts.start");
            });
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    twin.TwinSetDelay(TwinLibrary.FN_START, 0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> core.getComputeSystemProperties("vm-slow", null).contains("Running"));
  }

  @Test
  void aProcessHandleOutlivesItsExitUntilClosed() {
    core.createComputeSystem("c-1", CONTAINER);
    core.startComputeSystem("c-1", null);

    int pid = core.createProcess("c-1", "{\"CommandLine\":\"cmd /c exit 1\"}");

    assertThat(pid).isPositive();
    assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES)).isEqualTo(1);
    core.terminateProcess("c-1", pid, null);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(
                        e ->
                            e.type() == HcsEvent.PROCESS_EXITED
                                && "c-1".equals(e.systemId())
                                && Integer.valueOf(pid).equals(e.processId())));
    assertThat(sim.processStatus("c-1", pid)).contains("\"Exited\":true");
    assertThatThrownBy(() -> core.terminateProcess("c-1", pid, null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e ->
                assertThat(e.normalizedHresult())
                    .isEqualTo(HResults.HCS_E_PROCESS_ALREADY_STOPPED));
    assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES)).isEqualTo(1);

    core.closeProcess("c-1", pid);

    assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES)).isZero();
  }

  @Test
  void aSpuriouslyFailedCreateProcessIsRecoveredThroughGetProcessInfo() {
    core.createComputeSystem("c-3", CONTAINER);
    core.startComputeSystem("c-3", null);
    twin.TwinSetSpuriousCreateProcessFailures(1);

    int pid = core.createProcess("c-3", "{\"CommandLine\":\"cmd\"}");

    assertThat(pid).isPositive();
    assertThat(sim.processStatus("c-3", pid)).contains("\"ProcessId\":" + pid);
    assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES)).isEqualTo(1);
  }

  @Test
  void aProcessOfAnotherHandleIsOpenedByIdOnFirstUse() {
    core.createComputeSystem("c-2", CONTAINER);
    core.startComputeSystem("c-2", null);
    int pid = core.createProcess("c-2", "{\"CommandLine\":\"ping -t localhost\"}");
    core.closeProcess("c-2", pid);
    assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES)).isZero();

    core.terminateProcess("c-2", pid, null); // opens it by id, as HcsOpenProcess does
    assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES)).isEqualTo(1);
    assertThatThrownBy(() -> core.terminateProcess("c-2", 99_999, null))
        .isInstanceOf(HcsException.class);
  }

  @Test
  void serviceDisconnectClosesEveryHandleOnceAndTheNextCallReopens() {
    for (String id : List.of("d-1", "d-2", "d-3")) {
      core.createComputeSystem(id, VM);
    }
    assertThat(twin.TwinStat(TwinLibrary.LIVE_SYSTEMS)).isEqualTo(3);

    twin.TwinRaiseEvent(HcsEvent.SERVICE_DISCONNECT, null, 0, null);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> twin.TwinStat(TwinLibrary.LIVE_SYSTEMS) == 0);
    assertThat(twin.TwinQuiesce(5_000)).isEqualTo(1);
    await()
        .until(
            () -> events.stream().filter(e -> e.type() == HcsEvent.SERVICE_DISCONNECT).count(),
            n -> n == 1);
    assertThat(core.openSystemIds()).isEmpty();
    assertThat(core.getComputeSystemProperties("d-2", null)).contains("d-2");
    assertThat(twin.TwinStat(TwinLibrary.LIVE_SYSTEMS)).isEqualTo(1);
  }

  @Test
  void aHandleIsNotClosedWhileAnotherThreadIsInsideACallUsingIt() throws Exception {
    core.createComputeSystem("vm-busy", VM);
    twin.TwinSetDelay(TwinLibrary.FN_START, 700);
    CompletableFuture<Void> start =
        CompletableFuture.runAsync(() -> core.startComputeSystem("vm-busy", null));
    await().until(() -> twin.TwinStat(9) > 0); // the start operation is in flight

    core.closeComputeSystem("vm-busy");

    // The twin counts a close of a handle whose operation a thread still waits for (checked
    // after each test); the start itself completed normally on the handle it began with.
    start.get(10, TimeUnit.SECONDS);
    assertThat(twin.TwinStat(TwinLibrary.CLOSE_WHILE_IN_USE)).isEqualTo(closedWhileInUse);
    assertThat(twin.TwinStat(TwinLibrary.LIVE_SYSTEMS)).isZero();
  }

  @Test
  void aHundredSystemsDrivenInParallelLeakNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String id = "p-" + i;
        runs.add(
            CompletableFuture.runAsync(
                () -> {
                  core.createComputeSystem(id, VM);
                  core.startComputeSystem(id, null);
                  assertThat(core.getComputeSystemProperties(id, null)).contains("Running");
                  core.terminateComputeSystem(id, null);
                },
                pool));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> events.stream().filter(e -> e.type() == HcsEvent.SYSTEM_EXITED).count(),
            n -> n == 100);
    await().until(() -> twin.TwinStat(TwinLibrary.LIVE_SYSTEMS) == 0);
    assertThat(core.openSystemIds()).isEmpty();
  }

  @Test
  void fileAndAccessFunctionsReachTheService() {
    String guestState = dir.resolve("vm.vmgs").toString();
    String runtimeState = dir.resolve("vm.vmrs").toString();
    core.createEmptyGuestStateFile(guestState);
    core.createEmptyRuntimeStateFile(runtimeState);
    core.grantVmAccess("vm-1", guestState);
    core.revokeVmAccess("vm-1", guestState);

    assertThat(dir.resolve("vm.vmgs")).exists();
    assertThatThrownBy(() -> core.createEmptyRuntimeStateFile(runtimeState))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.E_FILE_EXISTS));
    assertThatThrownBy(() -> core.grantVmAccess("vm-1", dir.resolve("none").toString()))
        .isInstanceOf(HcsException.class);
  }
}
