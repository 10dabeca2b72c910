package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.MappedDirectorySpec;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.ProcessSpec;
import dev.hcsorchestrator.host.ScratchVolume;
import dev.hcsorchestrator.host.SystemSpec;
import dev.hcsorchestrator.host.SystemType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A definition in host vocabulary: the system spec, its files, its process, its hash. */
class SystemSpecsTest {

  @TempDir Path root;

  static final UUID ID = UUID.fromString("7d1c4b2e-0f6a-4e3b-9c8d-5a4b3c2d1e0f");

  SystemSpecs specs() {
    return new SystemSpecs(root);
  }

  static DefinitionSpec spec(Kind kind, VirtualMachineSpec vm, ContainerSpec c) {
    return SpecBuilder.bare("web-01", kind)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .maxRestarts(3)
        .shutdownTimeout(30)
        .labels(Map.of())
        .virtualMachine(vm)
        .container(c)
        .build();
  }

  static Definition def(DefinitionSpec spec) {
    return new Definition(
        ID, 1, Instant.EPOCH, Instant.EPOCH, false, 0, 0, spec, DefinitionStatus.pending());
  }

  static VirtualMachineSpec vm(
      Integer cpus, Long memory, List<DiskSpec> disks, List<NetworkAdapterSpec> nics) {
    return new VirtualMachineSpec(
        cpus,
        memory,
        disks,
        nics,
        List.of(new HvSocketSpec("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11", "agent")));
  }

  static ContainerSpec container(
      Integer cpus, Long memory, Map<String, String> env, List<MappedDirectorySpec> mapped) {
    return new ContainerSpec(
        List.of("/layers/app", "/layers/base"),
        "cmd /c app.exe",
        "C:\\app",
        env,
        cpus,
        memory,
        List.of(new NetworkAdapterSpec("nic0", "nat", "00-15-5D-00-00-01")),
        mapped);
  }

  @Test
  void aVmSystemCarriesItsDisksAdaptersAndSocketsInOrder() {
    List<DiskSpec> disks =
        List.of(
            new DiskSpec("os", null, null, "/images/os.vhdx", null, null),
            new DiskSpec("ro", null, null, "/images/ro.vhdx", null, true),
            new DiskSpec("rw", null, null, "/images/rw.vhdx", null, false),
            new DiskSpec("cd", null, null, null, "/images/setup.iso", null),
            new DiskSpec("data", null, 20, null, null, null));
    Definition d =
        def(
            spec(
                Kind.VirtualMachine,
                vm(4, 4096L, disks, List.of(new NetworkAdapterSpec("nic0", "nat", null))),
                null));

    SystemSpec s = specs().build(d, "sys-1", "/state/saved-1.vmrs");

    assertThat(s.id()).isEqualTo("sys-1");
    assertThat(s.type()).isEqualTo(SystemType.VirtualMachine);
    assertThat(s.processors()).isEqualTo(4);
    assertThat(s.memoryMB()).isEqualTo(4096);
    assertThat(s.disks())
        .containsExactly(
            new SystemSpec.AttachedDisk("/images/os.vhdx", false, false),
            new SystemSpec.AttachedDisk("/images/ro.vhdx", false, true),
            new SystemSpec.AttachedDisk("/images/rw.vhdx", false, false),
            new SystemSpec.AttachedDisk("/images/setup.iso", true, true),
            new SystemSpec.AttachedDisk(
                root.resolve(ID.toString()).resolve("data.vhdx").toAbsolutePath().toString(),
                false,
                false));
    assertThat(s.networkAdapters())
        .containsExactly(
            new SystemSpec.AttachedAdapter(
                "nic0", SystemIds.endpointId(ID, "nic0"), SystemIds.macAddress(ID, "nic0")));
    assertThat(s.hvSocketServiceIds()).containsExactly("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11");
    assertThat(s.container()).isNull();
    assertThat(s.restoreStateFile()).isEqualTo("/state/saved-1.vmrs");
  }

  @Test
  void aVmWithoutAdaptersOrSocketsHasNone() {
    Definition d =
        def(
            spec(
                Kind.VirtualMachine,
                new VirtualMachineSpec(
                    1,
                    1024L,
                    List.of(new DiskSpec("os", null, null, "/images/os.vhdx", null, null)),
                    null,
                    null),
                null));

    SystemSpec s = specs().build(d, "sys-1", null);

    assertThat(s.networkAdapters()).isEmpty();
    assertThat(s.hvSocketServiceIds()).isEmpty();
    assertThat(s.restoreStateFile()).isNull();
    assertThat(SystemSpecs.adapters(d.spec())).isEmpty();
    assertThat(SystemSpecs.hvSockets(d.spec())).isEmpty();
  }

  @Test
  void aVmWithoutProcessorsOrMemoryGetsOneProcessorAndOneGigabyte() {
    Definition d =
        def(
            spec(
                Kind.VirtualMachine,
                vm(
                    null,
                    null,
                    List.of(new DiskSpec("os", null, null, "/images/os.vhdx", null, null)),
                    List.of()),
                null));

    SystemSpec s = specs().build(d, "sys-1", null);

    assertThat(s.processors()).isEqualTo(1);
    assertThat(s.memoryMB()).isEqualTo(1024);
  }

  @Test
  void aContainerSystemCarriesItsLayersScratchMappedFoldersAndAdapters() {
    Definition d =
        def(
            spec(
                Kind.Container,
                null,
                container(
                    2,
                    2048L,
                    Map.of("A", "1"),
                    List.of(
                        new MappedDirectorySpec("/host/ro", "C:\\ro", true),
                        new MappedDirectorySpec("/host/rw", "C:\\rw", false),
                        new MappedDirectorySpec("/host/default", "C:\\d", null)))));

    SystemSpec s = specs().build(d, "sys-1", "/ignored.vmrs");

    assertThat(s.type()).isEqualTo(SystemType.Container);
    assertThat(s.processors()).isEqualTo(2);
    assertThat(s.memoryMB()).isEqualTo(2048);
    assertThat(s.disks()).isEmpty();
    assertThat(s.hvSocketServiceIds()).isEmpty();
    assertThat(s.restoreStateFile()).as("a container restores nothing").isNull();
    assertThat(s.networkAdapters())
        .containsExactly(
            new SystemSpec.AttachedAdapter(
                "nic0", SystemIds.endpointId(ID, "nic0"), "00-15-5D-00-00-01"));
    assertThat(s.container())
        .isEqualTo(
            new SystemSpec.ContainerStorage(
                "web-01",
                List.of(
                    new ScratchVolume.LayerId(null, "/layers/app"),
                    new ScratchVolume.LayerId(null, "/layers/base")),
                specs().scratch(ID, List.of("/layers/app", "/layers/base")),
                null,
                List.of(
                    new SystemSpec.MappedDirectory("/host/ro", "C:\\ro", true),
                    new SystemSpec.MappedDirectory("/host/rw", "C:\\rw", false),
                    new SystemSpec.MappedDirectory("/host/default", "C:\\d", false)),
                SystemIds.namespaceId(ID)));
  }

  @Test
  void aContainerTakesTheVolumeAndLayerIdsItsScratchWasMountedWithOnlyForTheSameLayers() {
    Definition d = def(spec(Kind.Container, null, container(1, 512L, null, null)));
    List<String> layers = d.spec().container().layers();
    ScratchVolume mounted =
        new ScratchVolume(
            "\\\\?\\Volume{a}\\",
            layers.stream().map(l -> new ScratchVolume.LayerId("id-" + l, l)).toList());
    ScratchVolume otherLayers =
        new ScratchVolume(
            "\\\\?\\Volume{b}\\", List.of(new ScratchVolume.LayerId("x", "/layers/other")));

    SystemSpec.ContainerStorage c = specs().build(d, "sys-1", null, mounted).container();
    assertThat(c.volumePath()).isEqualTo(mounted.volumePath());
    assertThat(c.layers()).isEqualTo(mounted.layers());

    SystemSpec.ContainerStorage stale = specs().build(d, "sys-1", null, otherLayers).container();
    assertThat(stale.volumePath()).isNull();
    assertThat(stale.layers()).extracting(ScratchVolume.LayerId::id).containsOnlyNulls();
    assertThat(stale.layers()).extracting(ScratchVolume.LayerId::path).isEqualTo(layers);
  }

  @Test
  void aContainersScratchFolderLiesInItsDefinitionFolderAndDependsOnItsLayers() {
    Path folder = root.resolve(ID.toString()).toAbsolutePath();
    String one = specs().scratch(ID, List.of("/layers/app", "/layers/base"));

    assertThat(Path.of(one).getParent()).isEqualTo(folder);
    assertThat(Path.of(one).getFileName().toString()).matches("scratch-[0-9a-f]{12}");
    assertThat(specs().scratch(ID, List.of("/layers/app", "/layers/base"))).isEqualTo(one);
    assertThat(specs().scratch(ID, List.of("/layers/base", "/layers/app"))).isNotEqualTo(one);
    assertThat(specs().scratch(ID, List.of("/layers/base"))).isNotEqualTo(one);
  }

  @Test
  void aContainerWithoutSettingsGetsOneProcessorHalfAGigabyteAndNoMappedFolders() {
    ContainerSpec bare =
        new ContainerSpec(List.of("/layers/base"), "cmd", null, null, null, null, null, null);
    Definition d = def(spec(Kind.Container, null, bare));

    SystemSpec s = specs().build(d, "sys-1", null);

    assertThat(s.processors()).isEqualTo(1);
    assertThat(s.memoryMB()).isEqualTo(512);
    assertThat(s.networkAdapters()).isEmpty();
    assertThat(s.container().mappedDirectories()).isEmpty();
    assertThat(s.container().layers())
        .containsExactly(new ScratchVolume.LayerId(null, "/layers/base"));
    assertThat(s.container().namespaceId()).as("no network, no namespace").isNull();
  }

  @Test
  void theContainersAdaptersAreNotTheVmsAndBack() {
    DefinitionSpec c = spec(Kind.Container, null, container(1, 512L, null, null));
    assertThat(SystemSpecs.adapters(c))
        .extracting(NetworkAdapterSpec::name)
        .containsExactly("nic0");
    assertThat(SystemSpecs.disks(c)).isEmpty();
    assertThat(SystemSpecs.hvSockets(c)).isEmpty();

    DefinitionSpec v =
        spec(
            Kind.VirtualMachine,
            vm(1, 1024L, List.of(), List.of(new NetworkAdapterSpec("vm0", "nat", null))),
            container(1, 512L, null, null));
    assertThat(SystemSpecs.adapters(v)).extracting(NetworkAdapterSpec::name).containsExactly("vm0");

    DefinitionSpec noContainer = spec(Kind.Container, null, null);
    assertThat(SystemSpecs.adapters(noContainer)).isEmpty();
    DefinitionSpec noVm = spec(Kind.VirtualMachine, null, null);
    assertThat(SystemSpecs.adapters(noVm)).isEmpty();
    assertThat(SystemSpecs.disks(noVm)).isEmpty();
    assertThat(SystemSpecs.hvSockets(noVm)).isEmpty();
    DefinitionSpec noDisks =
        spec(Kind.VirtualMachine, new VirtualMachineSpec(1, 1024L, null, null, null), null);
    assertThat(SystemSpecs.disks(noDisks)).isEmpty();
  }

  @Test
  void createdDisksLiveInTheDefinitionsFolderAndGivenOnesWhereTheyAre() {
    SystemSpecs specs = specs();
    Path folder = root.resolve(ID.toString()).toAbsolutePath();

    assertThat(specs.diskPath(ID, new DiskSpec("d", "/images/parent.vhdx", null, null, null, null)))
        .isEqualTo(folder.resolve("d.vhdx").toString());
    assertThat(specs.diskPath(ID, new DiskSpec("e", null, 5, null, null, null)))
        .isEqualTo(folder.resolve("e.vhdx").toString());
    assertThat(specs.diskPath(ID, new DiskSpec("f", null, null, "/images/f.vhdx", null, null)))
        .isEqualTo("/images/f.vhdx");
    assertThat(specs.diskPath(ID, new DiskSpec("g", null, null, null, "/images/g.iso", null)))
        .isEqualTo("/images/g.iso");
    assertThat(specs.diskPath(ID, new DiskSpec("h", null, null, null, null, null))).isNull();
    assertThat(specs.stateFile(ID, 7)).isEqualTo(folder.resolve("saved-7.vmrs").toString());
    assertThat(specs.folder(ID)).isEqualTo(folder);
  }

  @Test
  void aDiskNameThatLeadsOutOfTheFolderThrows() {
    assertThatThrownBy(() -> specs().diskPath(ID, new DiskSpec("../x", null, 5, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeclaredMacIsKeptAndAMissingOneIsDerivedFromTheIdAndAdapter() {
    assertThat(
            SystemSpecs.macAddress(ID, new NetworkAdapterSpec("nic0", "nat", "00-15-5D-AA-BB-CC")))
        .isEqualTo("00-15-5D-AA-BB-CC");
    assertThat(SystemSpecs.macAddress(ID, new NetworkAdapterSpec("nic0", "nat", null)))
        .isEqualTo(SystemIds.macAddress(ID, "nic0"));
  }

  @Test
  void theProcessIsTheContainersCommandWithItsEnvironmentSorted() {
    ProcessSpec p = SystemSpecs.process(container(1, 512L, Map.of("B", "2", "A", "1"), List.of()));

    assertThat(p.commandLine()).isEqualTo("cmd /c app.exe");
    assertThat(p.workingDirectory()).isEqualTo("C:\\app");
    assertThat(p.environment()).isEqualTo(new TreeMap<>(Map.of("A", "1", "B", "2")));
    assertThat(p.environment().keySet()).containsExactly("A", "B");

    assertThat(SystemSpecs.process(container(1, 512L, null, null)).environment()).isEmpty();
  }

  @Test
  void theSystemHashIgnoresDesiredStateRestartSettingsAndLabels() {
    DefinitionSpec base = ReconcilerTest.vm("web-01", RestartPolicy.Always, null);
    String h = SystemSpecs.systemHash(base);

    assertThat(h).matches("v2:[0-9a-f]{32}");
    assertThat(SystemSpecs.systemHash(base.withDesiredState(DesiredState.Stopped))).isEqualTo(h);
    assertThat(
            SystemSpecs.systemHash(
                SpecBuilder.from(base)
                    .desired(DesiredState.Paused)
                    .restart(RestartPolicy.Never)
                    .maxRestarts(9)
                    .shutdownTimeout(600)
                    .labels(Map.of("tier", "web"))
                    .build()))
        .isEqualTo(h);
  }

  @Test
  void theSystemHashChangesWithWhatTheSystemIsMadeFrom() {
    DefinitionSpec base = ReconcilerTest.vm("web-01", RestartPolicy.Always, null);
    VirtualMachineSpec v = base.virtualMachine();
    DefinitionSpec moreCpus =
        SpecBuilder.from(base)
            .virtualMachine(
                new VirtualMachineSpec(
                    v.processors() + 1,
                    v.memoryMB(),
                    v.disks(),
                    v.networkAdapters(),
                    v.hvSockets()))
            .build();

    assertThat(SystemSpecs.systemHash(moreCpus)).isNotEqualTo(SystemSpecs.systemHash(base));
  }

  @Test
  void aContainersHashIgnoresTheOrderOfItsEnvironmentButNotItsValues() {
    Map<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    Map<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("B", "2");
    ba.put("A", "1");
    String h1 = SystemSpecs.systemHash(spec(Kind.Container, null, container(1, 512L, ab, null)));
    String h2 = SystemSpecs.systemHash(spec(Kind.Container, null, container(1, 512L, ba, null)));
    String h3 =
        SystemSpecs.systemHash(
            spec(Kind.Container, null, container(1, 512L, Map.of("A", "1", "B", "3"), null)));
    String none =
        SystemSpecs.systemHash(spec(Kind.Container, null, container(1, 512L, null, null)));

    assertThat(h1).isEqualTo(h2).isNotEqualTo(h3).isNotEqualTo(none);
  }

  @Test
  void theSystemHashHasAGoldenValue() {
    // the hash is stored with every running system: an accidental change of what goes into it
    // replaces every running system after an upgrade (SpecHashTest pins the others)
    DefinitionSpec c = spec(Kind.Container, null, container(1, 512L, Map.of("A", "1"), List.of()));

    assertThat(SystemSpecs.systemHash(c)).isEqualTo(SpecHash.of(c));
    assertThat(LegacySpecHash.of(c))
        .as("what the release before the projection stored")
        .isEqualTo("9731d998b7d47dd24d0f546bfc8a608d");
  }
}
