package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.hcs.HResults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desired state Saved: state file first, then the system goes; nothing to save is a stop. Over the
 * simulated host; a stored incarnation's system found only created is made by letting it exit and
 * creating the same id again without a start.
 */
class SavedStepTest {

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

  @Test
  void aSavedVmIsSavedStoppedAndItsExitAccountedFor() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.definitions.desired(id, DesiredState.Saved);

    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Saved);
    assertThat(f.ready(id).reason()).isEqualTo("Saved");
    assertThat(f.ready(id).status()).isEqualTo("False");
    assertThat(f.bookkeeping(id).state()).isInstanceOf(IncarnationState.Saved.class);
    assertThat(f.exits.peek(sys)).as("the terminate's exit is taken").isEmpty();
    String file = f.bookkeeping(id).savedStateFile();
    assertThat(Path.of(file)).as("a state was written").isNotEmptyFile();
    assertThat(f.definitions.eventMessages(id, EventType.Saved))
        .containsExactly("Saved to " + file);
    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(f.definitions.eventMessages(id, EventType.Saved)).hasSize(1);
  }

  @Test
  void aDefinitionThatNeverRanIsSavedAsStopped() {
    UUID id =
        f.add(
            ReconcilerTest.vm("web-01", RestartPolicy.Always, null)
                .withDesiredState(DesiredState.Saved));

    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.ready(id).reason()).isEqualTo("Stopped");
    assertThat(f.sim.ours()).isEmpty();
  }

  @Test
  void aSavedSystemThatWouldNotGoIsTerminatedAtTheShutdownTimeout() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.definitions.desired(id, DesiredState.Saved);
    f.sim.fail("Terminate", HResults.HCS_E_SERVICE_NOT_AVAILABLE);
    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    assertThat(f.bookkeeping(id).savedStateFile()).isNotNull();

    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));
    assertThat(f.sim.state(sys)).isPresent();
    assertThat(f.status(id).phase()).isEqualTo(Phase.Saving);

    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.pass(id)).isEqualTo(after(PassTools.STOP_RECHECK));
    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Saved);
    assertThat(f.sim.ours()).isEmpty();
  }

  @Test
  void aSystemThatIsNeitherRunningNorPausedIsStoppedNotSaved() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.sim.exit(sys, HostExitType.UnexpectedExit);
    f.sim.leftCreated(sys); // the same id back, created only
    f.definitions.desired(id, DesiredState.Saved);

    f.converge(id);

    assertThat(f.sim.ours()).isEmpty();
    assertThat(f.sim.ids()).isEmpty();
    assertThat(f.bookkeeping(id).savedStateFile()).isNull();
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
  }
}
