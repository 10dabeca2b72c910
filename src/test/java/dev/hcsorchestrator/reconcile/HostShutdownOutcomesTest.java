package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.hcs.HResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each host-shutdown action leaves in the status over the simulated host: phase, last exit,
 * events, the Ready condition and the state file, including a save that fails, a container asked to
 * save and a shutdown the host refuses for a system whose guest powered off as the call arrived.
 */
class HostShutdownOutcomesTest {

  static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path storage;
  PassFixture f;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  UUID running(DefinitionSpec spec, HostShutdownAction action) {
    return f.running(HostShutdownTest.withAction(spec, action));
  }

  static DefinitionSpec vm() {
    return ReconcilerTest.vm("web-01", RestartPolicy.Always, null);
  }

  void assertHostShutdownNotReady(UUID id) {
    assertThat(f.ready(id).status()).isEqualTo("False");
    assertThat(f.ready(id).reason()).isEqualTo(ShutdownActions.REASON);
  }

  @Test
  void aVmSavesByDefaultAndTheSavedFileIsRecordedBeforeItsSystemGoes() {
    UUID id = f.running(vm());
    String sys = f.system(id);

    ShutdownActions.Outcome outcome = f.reconciler.hostShutdown(List.of(id), TIMEOUT);
    f.settle();

    assertThat(outcome.done()).isEqualTo(Map.of(id, HostShutdownAction.Save));
    assertThat(outcome.unfinished()).isEmpty();
    assertThat(f.status(id).phase()).isEqualTo(Phase.Saved);
    String file = f.bookkeeping(id).savedStateFile();
    assertThat(Path.of(file)).as("a state was written").isNotEmptyFile();
    assertThat(f.sim.ours()).isEmpty();
    assertThat(f.definitions.eventMessages(id, EventType.Saved))
        .containsExactly("Host shutdown: saved compute system " + sys + " to " + file);
    assertThat(f.bookkeeping(id).hostShutdown()).isEqualTo(HostShutdownAction.Save);
    assertHostShutdownNotReady(id);
  }

  @Test
  void aSaveTheHostRefusesTurnsTheSystemOffInstead() {
    UUID id = f.running(vm());
    String sys = f.system(id);
    f.sim.fail("Save", HResults.E_ACCESSDENIED);

    ShutdownActions.Outcome outcome = f.reconciler.hostShutdown(List.of(id), TIMEOUT);
    f.settle();

    assertThat(outcome.done()).isEqualTo(Map.of(id, HostShutdownAction.TurnOff));
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.ForcedExit);
    assertThat(f.sim.ours()).isEmpty();
    assertThat(f.bookkeeping(id).savedStateFile()).isNull();
    assertThat(f.definitions.eventMessages(id, EventType.Error))
        .singleElement()
        .asString()
        .startsWith("Host shutdown: save failed (");
    assertThat(f.definitions.eventMessages(id, EventType.Stopped))
        .containsExactly(
            "Host shutdown: compute system " + sys + " turned off after the save failed");
    assertThat(f.bookkeeping(id).hostShutdown()).isEqualTo(HostShutdownAction.TurnOff);
  }

  @Test
  void aShutDownEndsGracefullyAndATurnOffForcibly() {
    UUID graceful = running(vm(), HostShutdownAction.ShutDown);
    UUID forced =
        running(
            ReconcilerTest.vm("web-02", RestartPolicy.Always, null), HostShutdownAction.TurnOff);
    String gracefulSys = f.system(graceful);
    String forcedSys = f.system(forced);

    ShutdownActions.Outcome outcome = f.reconciler.hostShutdown(List.of(graceful, forced), TIMEOUT);
    f.settle();

    assertThat(outcome.done())
        .isEqualTo(
            Map.of(graceful, HostShutdownAction.ShutDown, forced, HostShutdownAction.TurnOff));
    assertThat(f.status(graceful).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(f.status(forced).lastExit().type()).isEqualTo(ExitType.ForcedExit);
    assertThat(f.status(graceful).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.status(forced).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.definitions.eventMessages(graceful, EventType.Stopped))
        .containsExactly("Host shutdown: compute system " + gracefulSys + " shut down");
    assertThat(f.definitions.eventMessages(forced, EventType.Stopped))
        .containsExactly("Host shutdown: compute system " + forcedSys + " turned off");
    assertThat(f.sim.ours()).isEmpty();
    assertHostShutdownNotReady(graceful);
    assertHostShutdownNotReady(forced);
  }

  @Test
  void aContainerAskedToSaveIsShutDown() throws Exception {
    UUID id =
        running(
            ReconcilerTest.container(
                "ctr-01",
                RestartPolicy.Always,
                List.of(
                    Files.createDirectories(storage.resolve("layers/app")).toString(),
                    Files.createDirectories(storage.resolve("layers/base")).toString())),
            HostShutdownAction.Save);

    ShutdownActions.Outcome outcome = f.reconciler.hostShutdown(List.of(id), TIMEOUT);
    f.settle();

    assertThat(outcome.done()).isEqualTo(Map.of(id, HostShutdownAction.ShutDown));
    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(f.bookkeeping(id).savedStateFile()).isNull();
    assertThat(f.sim.ours()).isEmpty();
  }

  @Test
  void aShutdownRefusedForASystemThatIsAlreadyGoneCountsAsGraceful() {
    UUID id = running(vm(), HostShutdownAction.ShutDown);
    String sys = f.system(id);
    // the guest powers off as the shutdown call arrives: HCS refuses it (already stopped)
    f.sim.exitAtNextCall(sys, "Shutdown", HostExitType.GracefulExit);

    f.reconciler.hostShutdown(List.of(id), TIMEOUT);
    f.settle();

    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.GracefulExit);
    assertThat(f.definitions.eventMessages(id, EventType.Stopped))
        .containsExactly("Host shutdown: compute system " + sys + " shut down");
  }

  @Test
  void aShutdownRefusedForASystemStillRunningIsTurnedOff() {
    UUID id = running(vm(), HostShutdownAction.ShutDown);
    String sys = f.system(id);
    f.sim.fail("Shutdown", HResults.E_ACCESSDENIED);

    f.reconciler.hostShutdown(List.of(id), TIMEOUT);
    f.settle();

    assertThat(f.status(id).lastExit().type()).isEqualTo(ExitType.ForcedExit);
    assertThat(f.definitions.eventMessages(id, EventType.Stopped))
        .containsExactly(
            "Host shutdown: compute system "
                + sys
                + " terminated after the graceful shutdown time");
    assertThat(f.sim.ours()).isEmpty();
  }
}
