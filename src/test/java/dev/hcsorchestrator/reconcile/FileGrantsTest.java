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
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a VM's worker process may open, as the host ends up holding it: every file granted to the
 * running incarnation and recorded, nothing left granted to an incarnation that is gone, the guest
 * state file made once and kept across replacements, the restore file's grant and file gone once it
 * served, and nothing left after deletion.
 */
class FileGrantsTest {

  static final String PARENT = "/images/ws2022.vhdx";
  static final String GRANDPARENT = "/images/ws2022-base.vhd";

  @TempDir Path storage;
  PassFixture f;
  SystemSpecs specs;

  @BeforeEach
  void setUp() {
    f = PassFixture.overFake(storage);
    specs = new SystemSpecs(storage);
  }

  UUID runningVm() {
    DefinitionSpec s = ReconcilerTest.vm("web-01", RestartPolicy.Always, null);
    VirtualMachineSpec v = s.virtualMachine();
    // the OS disk over the owner's image
    List<DiskSpec> disks =
        List.of(new DiskSpec("os", PARENT, null, null, null, null), v.disks().get(1));
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
        PARENT,
        specs.guestStateFile(id));
  }

  Set<String> granted(String systemId) {
    return f.host.grants.getOrDefault(systemId, Set.of());
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
    assertThat(f.host.files).contains(specs.guestStateFile(id));
    assertThat(f.bookkeeping(id).made(GuestStateDependent.GUEST_STATE))
        .containsExactly(specs.guestStateFile(id));
  }

  @Test
  void everyParentOfADifferencingChainIsGrantedAndRevokedWithTheIncarnation() {
    // the owner's image is itself a checkpoint over a base: virtdisk reports both parents
    f.host.parents.put(PARENT, GRANDPARENT);
    UUID id = runningVm();
    String old = f.system(id);

    assertThat(granted(old)).contains(PARENT, GRANDPARENT);
    assertThat(recorded(id)).contains(old + " " + GRANDPARENT);

    f.definitions.restart(id);
    f.converge(id);
    assertThat(granted(old)).isEmpty();
    assertThat(granted(f.system(id))).contains(PARENT, GRANDPARENT);
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
    assertThat(f.host.files).contains(specs.guestStateFile(id));
  }

  @Test
  void deletionRevokesEveryGrantAndDeletesTheGuestStateFile() {
    UUID id = runningVm();
    String sys = f.system(id);
    f.definitions.restart(id);
    f.converge(id);

    f.definitions.delete(id);
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(granted(sys)).isEmpty();
    assertThat(f.host.grants.values()).allSatisfy(files -> assertThat(files).isEmpty());
    assertThat(f.host.files).doesNotContain(specs.guestStateFile(id));
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
    assertThat(f.host.files).doesNotContain(file);
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
    assertThat(f.host.files).doesNotContain(path);
  }
}
