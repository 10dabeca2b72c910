package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.SystemState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desired states Paused and Stopped: what each pass leaves and asks of the queue. Over the
 * simulated host; a stored incarnation's system found only created is made by letting it exit and
 * creating the same id again without a start.
 */
class PausedAndStoppedStepTest {

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
  void aPausedDefinitionThatNeverRanStartsFirstThenPauses() {
    UUID id =
        f.add(
            ReconcilerTest.vm("web-01", RestartPolicy.Always, null)
                .withDesiredState(DesiredState.Paused));

    assertThat(f.pass(id)).as("running now: look again at once").isEqualTo(after(Duration.ZERO));
    String sys = f.system(id);
    assertThat(f.sim.state(sys)).contains(SystemState.Running);

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(f.sim.state(sys)).contains(SystemState.Paused);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Paused);
    assertThat(f.ready(id).reason()).isEqualTo("Paused");
    assertThat(f.definitions.eventMessages(id, EventType.Paused))
        .containsExactly("Paused compute system " + sys);
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Paused", 1L));

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(f.definitions.eventMessages(id, EventType.Paused)).hasSize(1);
  }

  @Test
  void aCreatedSystemIsStartedBeforeItIsPaused() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.sim.exit(sys, HostExitType.UnexpectedExit);
    f.sim.leftCreated(sys); // the same id back, created only
    f.definitions.desired(id, DesiredState.Paused);

    assertThat(f.pass(id)).isEqualTo(after(Duration.ZERO));
    assertThat(f.sim.state(sys)).contains(SystemState.Running);
    assertThat(f.inventory.systemStates()).isEqualTo(Map.of("Running", 1L));

    f.converge(id);
    assertThat(f.sim.state(sys)).contains(SystemState.Paused);
    assertThat(f.status(id).incarnation()).isEqualTo(1);
  }

  @Test
  void aPausedDefinitionHeldByItsPolicyStaysStoppedAndIsDone() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Never, null));
    f.definitions.desired(id, DesiredState.Paused);
    f.converge(id);
    f.sim.exit(f.system(id), HostExitType.UnexpectedExit);

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.sim.ours()).isEmpty();
  }

  @Test
  void aStopWaitsForTheGuestAndIsAnnouncedOnce() {
    f.close();
    f = PassFixture.guestIgnoringShutdown(storage);
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.definitions.desired(id, DesiredState.Stopped);

    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));
    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopping);

    f.clock.advance(Duration.ofSeconds(30));
    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);
    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(f.definitions.eventMessages(id, EventType.Stopped))
        .containsExactly("Stopped as asked");
    assertThat(f.bookkeeping(id).state()).isEqualTo(new IncarnationState.Exited());
  }
}
