package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native adapter's robustness as hcsshim practises it, over the C twin. The twin's leak check
 * runs after each test has released what it used and BEFORE the adapter's own close, so a handle
 * the adapter kept by mistake fails the test instead of being swept up by close.
 */
class NativeRobustnessTwinTest {

  private static String path;
  private static TwinLibrary twin;

  @TempDir Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private SimulatedComputeCore sim;
  private TwinBackend backend;
  private NativeComputeCore core;
  private TwinLeaks leaks;
  private final List<HcsEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinLibrary.load(path);
  }

  @BeforeEach
  void setUp() {
    sim =
        new SimulatedComputeCore(
            dir.resolve("simulator"), faults, SimulatorSettings.withoutGrantChecks());
    backend = new TwinBackend(twin, sim);
    backend.install();
    Duration d = Duration.ofSeconds(30);
    core = NativeComputeCore.load(path, new NativeTimeouts(d, d, d, d, d, d, d, d));
    core.setEventListener(events::add);
    leaks = TwinLeaks.baseline(twin);
  }

  @AfterEach
  void leavesNothingOpenBeforeTheAdaptersOwnClose() {
    try {
      for (int fn = 0; fn < 40; fn++) {
        twin.TwinSetDelay(fn, 0);
      }
      // Exited systems' handles are closed by the adapter itself once their exit arrived.
      await().atMost(Duration.ofSeconds(10)).until(() -> core.openSystemIds().isEmpty());
      leaks.assertNone();
    } finally {
      core.close();
      backend.uninstall();
      sim.close();
    }
  }

  private void awaitExit(String id) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED && id.equals(e.systemId())));
  }

  @Test
  void operationPendingFromShutdownOrTerminateIsSuccess() {
    core.createComputeSystem("vm-p", NativeComputeCoreTwinTest.VM);
    core.startComputeSystem("vm-p", null);

    faults.inject("Shutdown", HResults.HCS_E_OPERATION_PENDING, 1);
    core.shutDownComputeSystem("vm-p", null);
    faults.inject("Terminate", 0xC0370103, 1);
    core.terminateComputeSystem("vm-p", null);

    core.terminateComputeSystem("vm-p", null);
    awaitExit("vm-p");
  }

  @Test
  void aFailedCreateLeavesNoHandle() {
    faults.inject("Create", HResults.HCS_E_INVALID_JSON, 1);

    assertThatThrownBy(() -> core.createComputeSystem("vm-f", NativeComputeCoreTwinTest.VM))
        .isInstanceOf(HcsException.class);

    assertThat(core.openSystemIds()).doesNotContain("vm-f");
  }

  @Test
  void aSlowCallOnOneSystemNeverStallsTheEventsOfAnother() throws Exception {
    core.createComputeSystem("vm-slow", NativeComputeCoreTwinTest.VM);
    core.createComputeSystem("vm-other", NativeComputeCoreTwinTest.VM);
    core.startComputeSystem("vm-other", null);
    twin.TwinSetDelay(TwinLibrary.FN_START, 4_000);
    CompletableFuture<Void> slowStart =
        CompletableFuture.runAsync(() -> core.startComputeSystem("vm-slow", null));
    await().atMost(Duration.ofSeconds(2)).until(() -> twin.TwinStat(9) > 0);

    // vm-slow exits while its start is still inside the DLL: closing its handle must wait for that
    // call, and must not hold up the exit of vm-other.
    sim.exitFromOutside("vm-slow", NotificationType.ForcedExit, 0);
    long before = System.nanoTime();
    sim.exitFromOutside("vm-other", NotificationType.ForcedExit, 0);
    awaitExit("vm-other");
    Duration waited = Duration.ofNanos(System.nanoTime() - before);

    assertThat(waited).isLessThan(Duration.ofMillis(3_000));
    assertThat(slowStart).isNotDone();
    twin.TwinSetDelay(TwinLibrary.FN_START, 0);
    slowStart.handle((ok, failure) -> null).get();
  }

  @Test
  void anExitOfAnEarlierIncarnationNeverClosesTheHandleOfANewerOne() {
    core.createComputeSystem("vm-i", NativeComputeCoreTwinTest.VM);
    core.startComputeSystem("vm-i", null);
    core.terminateComputeSystem("vm-i", null);
    awaitExit("vm-i");
    events.clear();

    core.createComputeSystem("vm-i", NativeComputeCoreTwinTest.VM);
    core.startComputeSystem("vm-i", null);

    assertThat(core.openSystemIds()).contains("vm-i");
    assertThat(core.getComputeSystemProperties("vm-i", null)).contains("Running");
    core.terminateComputeSystem("vm-i", null);
    awaitExit("vm-i");
  }
}
