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
 * simulated host, except the failing endpoint deletion, over {@link FakeHost}: the simulator
 * injects no fault into HcnDeleteEndpoint.
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

  static final String WHY =
      "Deletion failed, retrying with backoff: delete_endpoint failed: access is denied"
          + " (HRESULT 0x80070005)";

  @Test
  void aDeletionThatKeepsFailingSaysWhyAtEveryAttempt() {
    f.close();
    f = PassFixture.overFake(storage);
    UUID id = f.running(ResourceSweeperTest.vm("web-01", java.util.List.of("eth0")));
    f.definitions.delete(id);
    f.pass(id); // asks the guest to shut down; the fake host's guest does at once
    WorkQueue<UUID> queue = new WorkQueue<>(Duration.ofSeconds(1), Duration.ofSeconds(60));
    java.util.List<String> results = new java.util.ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      f.host.fail(
          "deleteEndpoint",
          () ->
              new dev.hcsorchestrator.host.HostException.Unavailable(
                  "delete_endpoint", null, 0x80070005, "access is denied", null));
      results.add(ReconcileWorkers.settle(queue, id, () -> f.pass(id)));
    }

    assertThat(results).containsOnly("error");
    assertThat(f.status(id).phase()).isEqualTo(Phase.Deleting);
    assertThat(f.status(id).message()).isEqualTo(WHY);
    assertThat(f.definitions.events(id))
        .filteredOn(e -> e.type() == dev.hcsorchestrator.definition.EventType.Error)
        .extracting(dev.hcsorchestrator.definition.DefinitionEvent::message)
        .as("one per attempt, each logged as a warning")
        .containsExactly(WHY, WHY, WHY);

    f.converge(id);
    assertThat(f.definitions.wasRemoved(id)).isTrue();
  }
}
