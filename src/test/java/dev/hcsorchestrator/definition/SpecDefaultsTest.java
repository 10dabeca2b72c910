package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a stored spec holds for the fields an owner left out, and that given values are kept. */
class SpecDefaultsTest {

  @Test
  void aBareVmGetsRunningAlwaysSixtySecondsAndEmptyCollections() {
    DefinitionSpec stored =
        SpecDefaults.apply(
            SpecBuilder.bare("vm", Kind.VirtualMachine)
                .virtualMachine(new VirtualMachineSpec(2, 1024L, null, null, null))
                .build());
    assertThat(stored.desiredState()).isEqualTo(DesiredState.Running);
    assertThat(stored.restartPolicy()).isEqualTo(RestartPolicy.Always);
    assertThat(stored.maxRestarts()).isNull();
    assertThat(stored.shutdownTimeoutSeconds()).isEqualTo(60);
    assertThat(stored.hostShutdownAction()).isEqualTo(HostShutdownAction.Save);
    assertThat(stored.labels()).isEmpty();
    assertThat(stored.container()).isNull();
    VirtualMachineSpec vm = stored.virtualMachine();
    assertThat(vm.processors()).isEqualTo(2);
    assertThat(vm.memoryMB()).isEqualTo(1024L);
    assertThat(vm.disks()).isEmpty();
    assertThat(vm.networkAdapters()).isEmpty();
    assertThat(vm.hvSockets()).isEmpty();
  }

  @Test
  void aContainerShutsDownWhenTheHostDoesAndAGivenActionIsKept() {
    ContainerSpec c = new ContainerSpec(List.of("/l"), "run", null, null, null, null, null, null);
    DefinitionSpec bare = SpecBuilder.bare("c", Kind.Container).container(c).build();
    assertThat(SpecDefaults.apply(bare).hostShutdownAction())
        .isEqualTo(HostShutdownAction.ShutDown);
    DefinitionSpec off =
        SpecBuilder.bare("c", Kind.Container)
            .hostShutdownAction(HostShutdownAction.TurnOff)
            .container(c)
            .build();
    assertThat(SpecDefaults.apply(off).hostShutdownAction()).isEqualTo(HostShutdownAction.TurnOff);
    // a row stored before the field existed reads with the kind's default
    assertThat(SpecDefaults.stored(bare).hostShutdownAction())
        .isEqualTo(HostShutdownAction.ShutDown);
  }

  @Test
  void givenValuesAreKeptAndLabelsSortedByKey() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("b", "2");
    labels.put("a", "1");
    NetworkAdapterSpec nic = new NetworkAdapterSpec("eth0", "nat", null);
    HvSocketSpec socket = new HvSocketSpec("00000000-0000-0000-0000-000000000001", "agent");
    DefinitionSpec stored =
        SpecDefaults.apply(
            SpecBuilder.bare("vm", Kind.VirtualMachine)
                .desired(DesiredState.Stopped)
                .restart(RestartPolicy.Never)
                .maxRestarts(3)
                .shutdownTimeout(0)
                .labels(labels)
                .virtualMachine(
                    new VirtualMachineSpec(1, 512L, null, List.of(nic), List.of(socket)))
                .build());
    assertThat(stored.desiredState()).isEqualTo(DesiredState.Stopped);
    assertThat(stored.restartPolicy()).isEqualTo(RestartPolicy.Never);
    assertThat(stored.maxRestarts()).isEqualTo(3);
    assertThat(stored.shutdownTimeoutSeconds()).as("zero is a value").isZero();
    assertThat(stored.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(stored.virtualMachine().networkAdapters()).containsExactly(nic);
    assertThat(stored.virtualMachine().hvSockets()).containsExactly(socket);
  }

  @Test
  void anIsoIsReadOnlyUnlessSaidOtherwiseAndADiskIsWritable() {
    List<DiskSpec> disks =
        SpecDefaults.apply(
                vm(
                    new DiskSpec("os", null, 10, null, null, null),
                    new DiskSpec("cd", null, null, null, "/images/a.iso", null),
                    new DiskSpec("rw", null, null, null, "/images/b.iso", false),
                    new DiskSpec("ro", null, 1, null, null, true)))
            .virtualMachine()
            .disks();
    assertThat(disks)
        .extracting(DiskSpec::name, DiskSpec::readOnly)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("os", false),
            org.assertj.core.groups.Tuple.tuple("cd", true),
            org.assertj.core.groups.Tuple.tuple("rw", false),
            org.assertj.core.groups.Tuple.tuple("ro", true));
    assertThat(disks.get(0).sizeGB()).isEqualTo(10);
    assertThat(disks.get(1).iso()).isEqualTo("/images/a.iso");
  }

  @Test
  void aContainerKeepsItsFieldsAndAMappedDirectoryIsWritableByDefault() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("Z", "1");
    env.put("A", "2");
    NetworkAdapterSpec nic = new NetworkAdapterSpec("eth0", "nat", "00-15-5D-00-00-01");
    DefinitionSpec stored =
        SpecDefaults.apply(
            SpecBuilder.bare("ctr", Kind.Container)
                .container(
                    new ContainerSpec(
                        List.of("/layers/top", "/layers/base"),
                        "cmd /c run",
                        "C:\\app",
                        env,
                        2,
                        256L,
                        List.of(nic),
                        List.of(
                            new MappedDirectorySpec("/data/a", "C:\\a", null),
                            new MappedDirectorySpec("/data/b", "C:\\b", true))))
                .build());
    ContainerSpec c = stored.container();
    assertThat(stored.virtualMachine()).isNull();
    assertThat(c.layers()).containsExactly("/layers/top", "/layers/base");
    assertThat(c.command()).isEqualTo("cmd /c run");
    assertThat(c.workingDirectory()).isEqualTo("C:\\app");
    assertThat(c.environment()).containsExactly(Map.entry("A", "2"), Map.entry("Z", "1"));
    assertThat(c.processors()).isEqualTo(2);
    assertThat(c.memoryMB()).isEqualTo(256L);
    assertThat(c.networkAdapters()).containsExactly(nic);
    assertThat(c.mappedDirectories())
        .extracting(MappedDirectorySpec::hostPath, MappedDirectorySpec::readOnly)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/data/a", false),
            org.assertj.core.groups.Tuple.tuple("/data/b", true));
    assertThat(c.mappedDirectories().get(0).containerPath()).isEqualTo("C:\\a");
  }

  @Test
  void aBareContainerGetsEmptyCollections() {
    ContainerSpec c =
        SpecDefaults.apply(
                SpecBuilder.bare("ctr", Kind.Container)
                    .container(new ContainerSpec(null, "run", null, null, null, null, null, null))
                    .build())
            .container();
    assertThat(c.layers()).isEmpty();
    assertThat(c.environment()).isEmpty();
    assertThat(c.networkAdapters()).isEmpty();
    assertThat(c.mappedDirectories()).isEmpty();
  }

  @Test
  void aDefinitionTakesANewStatusAndKeepsEverythingElse() {
    DefinitionSpec spec = vm(new DiskSpec("os", null, 1, null, null, null));
    Definition d =
        new Definition(
            UUID.randomUUID(),
            4,
            Instant.EPOCH,
            Instant.EPOCH.plusSeconds(1),
            true,
            2,
            3,
            spec,
            DefinitionStatus.pending());
    DefinitionStatus running =
        new DefinitionStatus(Phase.Running, 4, "cs", 1, 0, null, null, "up", List.of(), null);
    Definition after = d.withStatus(running);
    assertThat(after.status()).isEqualTo(running);
    assertThat(after.withStatus(d.status())).isEqualTo(d);
    assertThat(after.name()).isEqualTo("vm");
    assertThat(after.kind()).isEqualTo(Kind.VirtualMachine);
  }

  @Test
  void renamingOrChangingTheDesiredStateLeavesTheRestOfTheSpec() {
    DefinitionSpec spec = SpecDefaults.apply(vm(new DiskSpec("os", null, 1, null, null, null)));
    DefinitionSpec renamed = spec.withName("other");
    assertThat(renamed.name()).isEqualTo("other");
    assertThat(renamed.withName("vm")).isEqualTo(spec);
    DefinitionSpec stopped = spec.withDesiredState(DesiredState.Stopped);
    assertThat(stopped.desiredState()).isEqualTo(DesiredState.Stopped);
    assertThat(stopped.withDesiredState(DesiredState.Running)).isEqualTo(spec);
  }

  @Test
  void onlyPausedAndSavedAreVmOnlyDesiredStates() {
    assertThat(DesiredState.Running.virtualMachineOnly()).isFalse();
    assertThat(DesiredState.Stopped.virtualMachineOnly()).isFalse();
    assertThat(DesiredState.Paused.virtualMachineOnly()).isTrue();
    assertThat(DesiredState.Saved.virtualMachineOnly()).isTrue();
  }

  private static DefinitionSpec vm(DiskSpec... disks) {
    return SpecBuilder.bare("vm", Kind.VirtualMachine)
        .virtualMachine(new VirtualMachineSpec(1, 512L, List.of(disks), null, null))
        .build();
  }
}
