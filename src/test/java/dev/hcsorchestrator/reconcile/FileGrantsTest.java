package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a VM's worker process may open, as the host ends up holding it: every file granted to the
 * running incarnation and recorded, nothing left granted to an incarnation that is gone, the guest
 * state file made once and kept across replacements, the restore file's grant and file gone once it
 * served, and nothing left after deletion. Over the simulated host: its grants are what
 * HcsGrantVmAccess and HcsRevokeVmAccess left, its disks and files real ones.
 */
class FileGrantsTest {

  @TempDir Path storage;
  @TempDir Path images;
  PassFixture f;
  SystemSpecs specs;
  String parent;
  String grandparent;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
    specs = new SystemSpecs(storage);
    parent = images.resolve("ws2022.vhdx").toString();
    grandparent = images.resolve("ws2022-base.vhd").toString();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** The owner's image as a plain disk. */
  void image() {
    f.sim.disks.createDynamicDisk(parent, 1L << 30);
  }

  UUID runningVm() {
    if (!Files.exists(Path.of(parent))) {
      image();
    }
    DefinitionSpec s = ReconcilerTest.vm("web-01", RestartPolicy.Always, null);
    VirtualMachineSpec v = s.virtualMachine();
    // the OS disk over the owner's image
    List<DiskSpec> disks =
        List.of(new DiskSpec("os", parent, null, null, null, null), v.disks().get(1));
    return f.running(
        SpecBuilder.from(s)
            .virtualMachine(
                new VirtualMachineSpec(
                    v.processors(), v.memoryMB(), disks, v.networkAdapters(), v.hvSockets()))
            .build());
  }

  /** The disks, the parent and the guest state file of {@link #runningVm}'s VM. */
  Set<String> filesOf(UUID id) {
    List<DiskSpec> disks = f.definitions.require(id).spec().virtualMachine().disks();
    return Set.of(
        specs.diskPath(id, disks.get(0)),
        specs.diskPath(id, disks.get(1)),
        parent,
        specs.guestStateFile(id));
  }

  Set<String> granted(String systemId) {
    return Set.copyOf(f.sim.core.grantedFiles(systemId));
  }

  static boolean exists(String path) {
    return Files.exists(Path.of(path));
  }

  List<String> recorded(UUID id) {
    return f.bookkeeping(id).made(Grants.GRANT);
  }

  static List<String> keys(String systemId, Set<String> files) {
    return files.stream().map(p -> systemId + " " + p).sorted().toList();
  }

  @Test
  void aRunningVmIsGrantedEveryFileItOpensAndTheGrantsAreRecorded() {
    UUID id = runningVm();
    String sys = f.system(id);

    assertThat(granted(sys)).containsExactlyInAnyOrderElementsOf(filesOf(id));
    assertThat(recorded(id)).containsExactlyElementsOf(keys(sys, filesOf(id)));
    assertThat(exists(specs.guestStateFile(id))).isTrue();
    assertThat(f.bookkeeping(id).made(GuestStateDependent.GUEST_STATE))
        .containsExactly(specs.guestStateFile(id));
  }

  @Test
  void everyParentOfADifferencingChainIsGrantedAndRevokedWithTheIncarnation() {
    // the owner's image is itself a checkpoint over a base: virtdisk reports both parents
    f.sim.disks.createDynamicDisk(grandparent, 1L << 30);
    f.sim.disks.createDifferencingDisk(parent, grandparent);
    UUID id = runningVm();
    String old = f.system(id);

    assertThat(granted(old)).contains(parent, grandparent);
    assertThat(recorded(id)).contains(old + " " + grandparent);

    f.definitions.restart(id);
    f.converge(id);
    assertThat(granted(old)).isEmpty();
    assertThat(granted(f.system(id))).contains(parent, grandparent);
  }

  @Test
  void aReplacementRevokesWhatTheOldIncarnationWasGrantedAndKeepsTheGuestStateFile() {
    UUID id = runningVm();
    String old = f.system(id);

    f.definitions.restart(id);
    f.converge(id);

    String now = f.system(id);
    assertThat(now).isNotEqualTo(old);
    assertThat(granted(old)).isEmpty();
    assertThat(granted(now)).containsExactlyInAnyOrderElementsOf(filesOf(id));
    assertThat(recorded(id)).containsExactlyElementsOf(keys(now, filesOf(id)));
    assertThat(exists(specs.guestStateFile(id))).isTrue();
  }

  @Test
  void deletionRevokesEveryGrantAndDeletesTheGuestStateFile() {
    UUID id = runningVm();
    String sys = f.system(id);
    f.definitions.restart(id);
    f.converge(id);
    String replaced = f.system(id);

    f.definitions.delete(id);
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(granted(sys)).isEmpty();
    assertThat(granted(replaced)).isEmpty();
    assertThat(exists(specs.guestStateFile(id))).isFalse();
    assertThat(exists(parent)).isTrue();
  }

  @Test
  void theSaveTargetIsGrantedToTheSavingSystemAndTheRestoreFileGoesOnceRestored() {
    UUID id = runningVm();
    String saving = f.system(id);
    f.definitions.desired(id, DesiredState.Saved);
    f.converge(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Saved);
    String file = f.bookkeeping(id).savedStateFile();
    assertThat(granted(saving)).contains(file);
    assertThat(recorded(id)).contains(saving + " " + file);

    f.definitions.desired(id, DesiredState.Running);
    f.converge(id);

    String restored = f.system(id);
    assertThat(f.status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.bookkeeping(id).restoredFrom()).isEqualTo(file);
    assertThat(granted(saving)).isEmpty();
    assertThat(granted(restored)).doesNotContain(file);
    assertThat(recorded(id)).containsExactlyElementsOf(keys(restored, filesOf(id)));
    assertThat(exists(file)).isFalse();
    assertThat(f.bookkeeping(id).savedStateFile()).isNull();
  }

  @Test
  void aRecordFromBeforeGuestStateFilesTakesTheFileOnAndDeletionRemovesIt() {
    UUID id = runningVm();
    String path = specs.guestStateFile(id);
    DefinitionStatus s = f.status(id);
    String memo =
        s.memo().replaceAll(",?\"" + GuestStateDependent.GUEST_STATE + "\":\\[[^]]*]", "");
    memo = memo.replace("{,", "{");
    f.definitions.updateStatus(id, s.withMemo(memo));
    assertThat(f.bookkeeping(id).made(GuestStateDependent.GUEST_STATE)).isEmpty();

    f.definitions.restart(id);
    f.converge(id);

    assertThat(f.bookkeeping(id).made(GuestStateDependent.GUEST_STATE)).containsExactly(path);
    f.definitions.delete(id);
    f.converge(id);
    assertThat(exists(path)).isFalse();
  }
}
