package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.MappedDirectorySpec;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The system hash: an explicit projection of what reaches the system, pinned by golden values, and
 * the hash releases before it stored, recognised after an upgrade.
 */
class SpecHashTest {

  /** A VM with a differencing, a new, a used-as-is and an ISO disk, two NICs and a socket. */
  static final VirtualMachineSpec EVERY_VM =
      new VirtualMachineSpec(
          2,
          2048L,
          List.of(
              new DiskSpec("os", "/images/ws2022-base.vhdx", null, null, null, false),
              new DiskSpec("scratch", null, 2, null, null, false),
              new DiskSpec("data", null, null, "/images/data.vhdx", null, true),
              new DiskSpec("dvd", null, null, null, "/images/tools.iso", true)),
          List.of(
              new NetworkAdapterSpec("nic0", "nat", null),
              new NetworkAdapterSpec("nic1", "nat", "00-15-5D-12-34-56")),
          List.of(new HvSocketSpec("6c4eb1be-9b4c-4b4e-a2a0-1e3f5c6d7e8f", "agent")));

  /** A container with two layers, a working folder, an environment, a NIC and a mapped folder. */
  static final ContainerSpec EVERY_CONTAINER =
      new ContainerSpec(
          List.of("/images/layers/app", "/images/layers/base"),
          "cmd /c ping -t localhost",
          "C:\\app",
          Map.of("B", "2", "A", "1"),
          2,
          1024L,
          List.of(new NetworkAdapterSpec("eth0", "nat", null)),
          List.of(new MappedDirectorySpec("/images/shared", "C:\\shared", true)));

  static DefinitionSpec spec(Kind kind, VirtualMachineSpec vm, ContainerSpec c) {
    return SpecBuilder.bare("web-01", kind)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(60)
        .labels(Map.of())
        .virtualMachine(vm)
        .container(c)
        .build();
  }

  static DefinitionSpec vm(VirtualMachineSpec vm) {
    return spec(Kind.VirtualMachine, vm, null);
  }

  static DefinitionSpec container(ContainerSpec c) {
    return spec(Kind.Container, null, c);
  }

  @Test
  void goldenValues() {
    // stored with every incarnation: a change here replaces every running system after an upgrade
    assertThat(SpecHash.of(vm(EVERY_VM))).isEqualTo("v2:1e16ac9113a256061fe8ff16ef5f3e9f");
    assertThat(SpecHash.of(container(EVERY_CONTAINER)))
        .isEqualTo("v2:746cc898c045f30377d6b8afb4d57435");
  }

  @Test
  void theProjectionNamesWhatReachesTheSystemWithSortedKeys() {
    assertThat(SpecHash.canonical(SpecHash.projection(container(EVERY_CONTAINER))))
        .isEqualTo(
            "{\"container\":{\"command\":\"cmd /c ping -t localhost\","
                + "\"environment\":{\"A\":\"1\",\"B\":\"2\"},"
                + "\"layers\":[\"/images/layers/app\",\"/images/layers/base\"],"
                + "\"mappedDirectories\":[{\"containerPath\":\"C:\\\\shared\","
                + "\"hostPath\":\"/images/shared\",\"readOnly\":true}],"
                + "\"memoryMB\":1024,"
                + "\"networkAdapters\":[{\"name\":\"eth0\",\"network\":\"nat\"}],"
                + "\"processors\":2,\"workingDirectory\":\"C:\\\\app\"},"
                + "\"kind\":\"Container\"}");
  }

  @Test
  void aNewOptionalFieldAtItsDefaultChangesNoHash() {
    // what a release adding, say, a secure-boot flag (default off) to the VM does to the projection
    Map<String, Object> today = SpecHash.projection(vm(EVERY_VM));
    @SuppressWarnings("unchecked")
    Map<String, Object> vmFields = (Map<String, Object>) today.get("virtualMachine");
    SpecHash.Fields absent = new SpecHash.Fields();
    vmFields.forEach(absent::put);
    absent.put("secureBoot", null, false);
    SpecHash.Fields atDefault = new SpecHash.Fields();
    vmFields.forEach(atDefault::put);
    atDefault.put("secureBoot", false, false);
    SpecHash.Fields set = new SpecHash.Fields();
    vmFields.forEach(set::put);
    set.put("secureBoot", true, false);

    assertThat(SpecHash.of(Map.of("kind", "VirtualMachine", "virtualMachine", absent.map())))
        .isEqualTo(SpecHash.of(vm(EVERY_VM)));
    assertThat(SpecHash.of(Map.of("kind", "VirtualMachine", "virtualMachine", atDefault.map())))
        .isEqualTo(SpecHash.of(vm(EVERY_VM)));
    assertThat(SpecHash.of(Map.of("kind", "VirtualMachine", "virtualMachine", set.map())))
        .isNotEqualTo(SpecHash.of(vm(EVERY_VM)));
  }

  @Test
  void anOmittedSettingHashesAsItsDefault() {
    VirtualMachineSpec given =
        new VirtualMachineSpec(
            1,
            1024L,
            List.of(
                new DiskSpec("os", null, 8, null, null, false),
                new DiskSpec("dvd", null, null, null, "/images/tools.iso", false)),
            List.of(),
            List.of());
    VirtualMachineSpec omitted =
        new VirtualMachineSpec(
            null,
            null,
            List.of(
                new DiskSpec("os", null, 8, null, null, null),
                new DiskSpec("dvd", null, null, null, "/images/tools.iso", null)),
            null,
            null);
    ContainerSpec bare =
        new ContainerSpec(List.of("/l"), "cmd", null, null, null, null, null, null);
    ContainerSpec explicit =
        new ContainerSpec(List.of("/l"), "cmd", null, Map.of(), 1, 512L, List.of(), List.of());

    assertThat(SpecHash.of(vm(omitted))).isEqualTo(SpecHash.of(vm(given)));
    assertThat(SpecHash.of(container(bare))).isEqualTo(SpecHash.of(container(explicit)));
  }

  @Test
  void everyPartOfTheSystemMovesTheHash() {
    String base = SpecHash.of(vm(EVERY_VM));
    List<DiskSpec> disks = EVERY_VM.disks();
    List<VirtualMachineSpec> changed =
        List.of(
            new VirtualMachineSpec(
                3, 2048L, disks, EVERY_VM.networkAdapters(), EVERY_VM.hvSockets()),
            new VirtualMachineSpec(
                2, 4096L, disks, EVERY_VM.networkAdapters(), EVERY_VM.hvSockets()),
            new VirtualMachineSpec(
                2, 2048L, disks.subList(0, 3), EVERY_VM.networkAdapters(), EVERY_VM.hvSockets()),
            new VirtualMachineSpec(
                2,
                2048L,
                List.of(disks.get(1), disks.get(0), disks.get(2), disks.get(3)),
                EVERY_VM.networkAdapters(),
                EVERY_VM.hvSockets()),
            new VirtualMachineSpec(
                2,
                2048L,
                List.of(
                    disks.get(0),
                    disks.get(1),
                    new DiskSpec("data", null, null, "/images/data.vhdx", null, false),
                    disks.get(3)),
                EVERY_VM.networkAdapters(),
                EVERY_VM.hvSockets()),
            new VirtualMachineSpec(
                2,
                2048L,
                disks,
                List.of(new NetworkAdapterSpec("nic0", "other", null)),
                EVERY_VM.hvSockets()),
            new VirtualMachineSpec(2, 2048L, disks, EVERY_VM.networkAdapters(), List.of()));

    for (VirtualMachineSpec v : changed) {
      assertThat(SpecHash.of(vm(v))).as(v.toString()).isNotEqualTo(base);
    }
    assertThat(SpecHash.of(container(EVERY_CONTAINER))).isNotEqualTo(base);
  }

  @Test
  void theHashOfEarlierReleasesIsTheirRecordTextAsTheyPrintedIt() {
    // computed by the release before the projection (SystemSpecs.systemHash over toString())
    assertThat(LegacySpecHash.of(vm(EVERY_VM))).isEqualTo("65140d3739695df77c80277fd0cdf975");
    assertThat(LegacySpecHash.of(container(EVERY_CONTAINER)))
        .isEqualTo("b0b5846c1c92e24fc5b0b875d35adece");
    assertThat(
            LegacySpecHash.of(
                container(
                    new ContainerSpec(List.of("/l"), "cmd", null, null, null, null, null, null))))
        .isEqualTo("8bfbeae8d22f0c58fc5d9ef8b29c109a");
  }

  @Test
  void aStoredHashOfAnEarlierReleaseMatchesTheSameSpecOnly() {
    DefinitionSpec spec = vm(EVERY_VM);
    String current = SpecHash.of(spec);
    String legacy = LegacySpecHash.of(spec);
    DefinitionSpec other = container(EVERY_CONTAINER);

    assertThat(SpecHash.sameSystem(current, current, spec)).isTrue();
    assertThat(SpecHash.sameSystem(legacy, current, spec)).isTrue();
    assertThat(SpecHash.sameSystem(LegacySpecHash.of(other), current, spec)).isFalse();
    assertThat(SpecHash.sameSystem(SpecHash.of(other), current, spec)).isFalse();
    assertThat(SpecHash.sameSystem("v1:" + legacy, current, spec)).isFalse();
    assertThat(SpecHash.sameSystem(legacy.toUpperCase(), current, spec)).isFalse();
  }
}
