package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.PassFixture.after;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a definition: its system stops first, then what was made for it, then the row. */
class DeletionStepTest {

  @TempDir Path storage;
  PassFixture f;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
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
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    String sys = f.system(id);
    f.host.guestIgnoresShutdown = true;
    f.definitions.delete(id);

    assertThat(f.pass(id)).isEqualTo(after(Duration.ofSeconds(30)));
    assertThat(f.status(id).phase()).isEqualTo(Phase.Deleting);
    assertThat(f.ready(id).reason()).isEqualTo("Deleting");
    assertThat(f.host.systems).containsKey(sys);

    f.clock.advance(Duration.ofSeconds(30));
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(f.host.ours()).isEmpty();
    assertThat(f.exits.peek(sys)).isEmpty();
    assertThat(f.inventory.phaseOf(id)).as("forgotten, not recorded again").isNull();
    assertThat(f.inventory.ownerOf(sys)).isEmpty();
    assertThat(f.host.deletedDirectories)
        .containsExactly(storage.resolve(id.toString()).toAbsolutePath().toString());
  }

  @Test
  void aSavedDefinitionTakesItsStateFileWithIt() {
    UUID id = f.running(ReconcilerTest.vm("web-01", RestartPolicy.Always, null));
    f.definitions.desired(id, DesiredState.Saved);
    f.converge(id);
    String file = f.bookkeeping(id).savedStateFile();
    assertThat(f.host.files).contains(file);

    f.definitions.delete(id);
    assertThat(f.converge(id)).isEqualTo(ReconcileResult.DONE);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(f.host.files).doesNotContain(file);
    assertThat(f.host.disks).isEmpty();
  }
}
