package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a definition: its system stops first, then what was made for it, then the row. Over the
 * simulated host; a failing endpoint deletion is an HRESULT injected into HcnDeleteEndpoint.
 */
class DeletionStepTest {

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
  void aDefinitionThatNeverRanIsRemovedAtOnce() {
    UUID id = f.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.definitions.delete(id);

    assertThat(f.pass(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(f.inventory.phaseOf(id)).isNull();
  }

  @Test
  void aRunningDefinitionIsDeletingUntilItsGuestHasStopped() {
    f.close();
    f = PassFixture.guestIgnoringShutdown(storage);
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.definitions.delete(id);

    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));
    assertThat(f.status(id).phase()).isEqualTo(Phase.Deleting);
    assertThat(f.ready(id).reason()).isEqualTo("Deleting");
    assertThat(f.sim.state(sys)).isPresent();

    f.clock.advance(Duration.ofSeconds(30));
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(f.sim.ours()).isEmpty();
    assertThat(f.exits.peek(sys)).isEmpty();
    assertThat(f.inventory.phaseOf(id)).as("forgotten, not recorded again").isNull();
    assertThat(f.inventory.ownerOf(sys)).isEmpty();
    assertThat(storage.resolve(id.toString())).doesNotExist();
  }

  @Test
  void aSavedDefinitionTakesItsStateFileWithIt() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.definitions.desired(id, DesiredState.Saved);
    f.converge(id);
    String file = f.bookkeeping(id).savedStateFile();
    assertThat(Path.of(file)).isNotEmptyFile();

    f.definitions.delete(id);
    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(Path.of(file)).doesNotExist();
    assertThat(storage.resolve(id.toString())).as("its disks too").doesNotExist();
  }

  /** RPC_S_SERVER_UNAVAILABLE: a failure worth retrying (access denied is terminal). */
  static final int SERVER_UNAVAILABLE = 0x800706BA;

  @Test
  void aDeletionThatKeepsFailingSaysWhyAtEveryAttempt() {
    UUID id = f.running(ResourceSweeperTest.vm("web-01", java.util.List.of("eth0")));
    f.definitions.delete(id);
    f.pass(id); // asks the guest to shut down; the simulated guest does at once
    WorkQueue<UUID> queue = new WorkQueue<>(Duration.ofSeconds(1), Duration.ofSeconds(60));
    java.util.List<String> results = new java.util.ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      f.sim.fail("DeleteEndpoint", SERVER_UNAVAILABLE);
      results.add(ReconcileWorkers.settle(queue, id, () -> f.pass(id)));
    }
    String why = f.status(id).message();

    assertThat(results).containsOnly("error");
    assertThat(f.status(id).phase()).isEqualTo(Phase.Deleting);
    assertThat(why)
        .startsWith("Deletion failed, retrying with backoff: delete_endpoint failed:")
        .contains("0x800706BA");
    assertThat(f.definitions.events(id))
        .filteredOn(e -> e.type() == dev.hcsorchestrator.definition.EventType.Error)
        .extracting(dev.hcsorchestrator.definition.DefinitionEvent::message)
        .as("one per attempt, each logged as a warning")
        .containsExactly(why, why, why);

    f.converge(id);
    assertThat(f.definitions.wasRemoved(id)).isTrue();
  }
}
