package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.SystemState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Desired state Saved: state file first, then the system goes; nothing to save is a stop. */
class SavedStepTest {

  @TempDir Path storage;
  PassFixture f;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
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
    assertThat(f.host.savedStates).contains(file);
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
    assertThat(f.host.ours()).isEmpty();
  }

  @Test
  void aSavedSystemThatWouldNotGoIsTerminatedAtTheShutdownTimeout() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.definitions.desired(id, DesiredState.Saved);
    f.host.fail("Terminate", () -> new HostException.Unavailable("Terminate", sys, 1, "rpc", null));
    assertThatThrownBy(() -> f.pass(id)).isInstanceOf(HostException.Unavailable.class);
    assertThat(f.bookkeeping(id).savedStateFile()).isNotNull();

    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));
    assertThat(f.host.systems).containsKey(sys);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Saving);

    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.pass(id)).isEqualTo(after(PassTools.STOP_RECHECK));
    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Saved);
    assertThat(f.host.ours()).isEmpty();
  }

  @Test
  void aSystemThatIsNeitherRunningNorPausedIsStoppedNotSaved() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    FakeHost.Sys s = f.host.systems.get(sys);
    f.host.systems.put(
        sys, new FakeHost.Sys(s.id(), s.owner(), s.type(), SystemState.Created, s.spec()));
    f.definitions.desired(id, DesiredState.Saved);

    f.converge(id);

    assertThat(f.host.ours()).isEmpty();
    assertThat(f.host.savedStates).isEmpty();
    assertThat(f.bookkeeping(id).savedStateFile()).isNull();
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
  }
}
