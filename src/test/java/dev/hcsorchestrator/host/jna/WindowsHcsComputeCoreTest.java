package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.WindowsHost;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The native adapter against the real computecore.dll. Runs only with {@code -Pwindows-hcs} on a
 * Windows host with the Hyper-V role, as an Administrator or Hyper-V Administrators member.
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsHcsComputeCoreTest {

  /** A VM without disks: UEFI finds nothing to boot, which is enough to run its lifecycle. */
  private static final String EMPTY_VM =
      """
      {"Owner":"hcs-orchestrator-test","SchemaVersion":{"Major":2,"Minor":1},
       "ShouldTerminateOnLastHandleClosed":true,
       "VirtualMachine":{"StopOnReset":true,"Chipset":{"Uefi":{}},
         "ComputeTopology":{"Memory":{"SizeInMB":256},"Processor":{"Count":1}}}}
      """;

  private NativeComputeCore core;
  private final List<HcsEvent> events = new CopyOnWriteArrayList<>();
  private final String id = "hcs-orchestrator-test-" + UUID.randomUUID();

  @BeforeEach
  void open() {
    core = NativeHost.open(NativeHost.DEFAULT_LIBRARY, NativeTimeouts.defaults());
    core.setEventListener(events::add);
  }

  @AfterEach
  void cleanUp() {
    try {
      core.terminateComputeSystem(id, null);
    } catch (HcsException alreadyGone) {
      // not created, or already exited
    }
    core.close();
  }

  @Test
  void theServiceReportsItsSchemaVersions() {
    assertThat(core.getServiceProperties(NativeHost.BASIC_QUERY))
        .contains("SupportedSchemaVersions");
    assertThat(core.enumerateComputeSystems(null)).startsWith("[");
  }

  @Test
  void aVirtualMachineRunsPausesResumesAndExitsOnTerminate() {
    WindowsHost.assumeVirtualMachines();
    core.createComputeSystem(id, EMPTY_VM);
    core.startComputeSystem(id, null);
    assertThat(core.getComputeSystemProperties(id, null)).contains("Running");
    core.pauseComputeSystem(id, null);
    assertThat(core.getComputeSystemProperties(id, null)).contains("Paused");
    core.resumeComputeSystem(id, null);

    core.terminateComputeSystem(id, null);

    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                events.stream()
                    .anyMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED && id.equals(e.systemId())));
  }

  @Test
  void errorPathsCarryTheirHresults() {
    WindowsHost.assumeVirtualMachines(); // it creates a VM
    assertThatThrownBy(() -> core.startComputeSystem(id, null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_SYSTEM_NOT_FOUND));
    assertThatThrownBy(() -> core.createComputeSystem(id, "{not json"))
        .isInstanceOf(HcsException.class);
    core.createComputeSystem(id, EMPTY_VM);
    assertThatThrownBy(() -> core.createComputeSystem(id, EMPTY_VM))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_SYSTEM_ALREADY_EXISTS));
    assertThatThrownBy(() -> core.pauseComputeSystem(id, null))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.normalizedHresult()).isEqualTo(HResults.HCS_E_INVALID_STATE));
  }
}
