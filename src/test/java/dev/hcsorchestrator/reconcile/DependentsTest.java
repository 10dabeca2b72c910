package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disks, endpoints and socket registrations as dependents: what is recorded is what is removed.
 * Over the simulated host: disks are its files, endpoints what HCN lists, registrations its
 * registry.
 */
class DependentsTest {

  static final String AGENT = "6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11";
  static final String LOGS = "0f1e2d3c-4b5a-4697-8877-665544332211";

  @TempDir Path storage;
  @TempDir Path owner;

  PassFixture f;
  InMemoryDefinitions definitions;
  SystemSpecs specs;
  DiskSpec os;
  DiskSpec givenDisk;
  String given;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
    definitions = f.definitions;
    specs = new SystemSpecs(storage);
    String image = owner.resolve("ws2022.vhdx").toString();
    f.sim.disks.createDynamicDisk(image, 1L << 30);
    given = owner.resolve("given.vhdx").toString();
    f.sim.disks.createDynamicDisk(given, 1L << 30);
    os = new DiskSpec("os", image, null, null, null, null);
    givenDisk = new DiskSpec("given", null, null, given, null, null);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  static DefinitionSpec vm(List<DiskSpec> disks, List<String> adapters, List<String> sockets) {
    return SpecBuilder.bare("web-01", dev.hcsorchestrator.definition.Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(30)
        .labels(java.util.Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                2,
                2048L,
                disks,
                adapters.stream().map(a -> new NetworkAdapterSpec(a, "nat", null)).toList(),
                sockets.stream().map(s -> new HvSocketSpec(s, "svc")).toList()))
        .build();
  }

  static final DiskSpec DATA = new DiskSpec("data", null, 20, null, null, null);
  static final DiskSpec SCRATCH = new DiskSpec("scratch", null, 5, null, null, null);

  void converge(UUID id) {
    f.converge(id);
  }

  String path(UUID id, DiskSpec d) {
    return specs.diskPath(id, d);
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  /** The disks in the definition's folder, as the host holds them. */
  List<String> disks(UUID id) throws IOException {
    Path folder = storage.resolve(id.toString());
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(Path::toString).filter(p -> p.endsWith(".vhdx")).sorted().toList();
    }
  }

  List<String> endpoints() {
    return f.sim.endpoints();
  }

  java.util.Set<String> sockets() {
    return f.sim.sockets.registrations().keySet();
  }

  void edit(UUID id, UnaryOperator<VirtualMachineSpec> change) {
    definitions.change(
        id, s -> SpecBuilder.from(s).virtualMachine(change.apply(s.virtualMachine())).build());
  }

  @Test
  void aDiskAdapterAndSocketRemovedFromTheSpecGoOnceTheReplacementRuns() throws IOException {
    UUID id =
        definitions
            .add(
                vm(
                    List.of(os, DATA, SCRATCH, givenDisk),
                    List.of("nic0", "nic1"),
                    List.of(AGENT, LOGS)))
            .id();
    converge(id);
    assertThat(disks(id))
        .containsExactlyInAnyOrder(path(id, os), path(id, DATA), path(id, SCRATCH));
    String nic1 = SystemIds.endpointId(id, "nic1");
    assertThat(endpoints()).contains(nic1);

    edit(
        id,
        v ->
            new VirtualMachineSpec(
                v.processors(),
                v.memoryMB(),
                List.of(os, DATA, givenDisk),
                List.of(new NetworkAdapterSpec("nic0", "nat", null)),
                List.of(new HvSocketSpec(AGENT, "svc"))));
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(disks(id)).containsExactlyInAnyOrder(path(id, os), path(id, DATA));
    assertThat(Path.of(given)).exists();
    assertThat(endpoints()).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(sockets()).as("socket services need no host registration").isEmpty();
    assertThat(Bookkeeping.of(status(id)).made(Dependents.DISK))
        .containsExactlyInAnyOrder(path(id, os), path(id, DATA));
  }

  @Test
  void aDiskRemovedWhileStoppedGoesWithTheNextIncarnation() throws IOException {
    UUID id = definitions.add(vm(List.of(os, DATA), List.of(), List.of())).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    edit(id, v -> new VirtualMachineSpec(v.processors(), v.memoryMB(), List.of(os), null, null));
    converge(id);
    assertThat(disks(id)).as("nothing runs: nothing changes yet").contains(path(id, DATA));

    definitions.desired(id, DesiredState.Running);
    converge(id);

    assertThat(disks(id)).containsExactly(path(id, os));
  }

  @Test
  void deletionRemovesWhatWasRecordedNotWhatTheSpecWouldDerive() throws IOException {
    UUID id = definitions.add(vm(List.of(os, DATA), List.of("nic0"), List.of(AGENT))).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    // the spec drops "data" while nothing runs, and someone else's file sits at a derived path
    edit(
        id,
        v ->
            new VirtualMachineSpec(v.processors(), v.memoryMB(), List.of(os, SCRATCH), null, null));
    f.sim.disks.createDynamicDisk(path(id, SCRATCH), 1L << 30);

    definitions.delete(id);
    converge(id);

    assertThat(definitions.get(id)).isEmpty();
    assertThat(disks(id))
        .as("recorded ones gone, the unrecorded one stays")
        .containsExactly(path(id, SCRATCH));
    assertThat(endpoints()).isEmpty();
    assertThat(sockets()).isEmpty();
  }

  @Test
  void aSocketRegistrationAnEarlierVersionRecordedIsRemovedWithTheDefinition() {
    UUID id = definitions.add(vm(List.of(os), List.of(), List.of(AGENT))).id();
    converge(id);
    assertThat(sockets()).as("this version registers nothing").isEmpty();
    // as an earlier version left it: the registration made and recorded
    f.sim.sockets.register(AGENT, "svc");
    Bookkeeping b = Bookkeeping.of(status(id));
    TreeMap<String, List<String>> made = new TreeMap<>(b.made());
    made.put(Dependents.HV_SOCKET, List.of(AGENT));
    definitions.updateStatus(id, status(id).withMemo(with(b, made).write()));

    definitions.delete(id);
    converge(id);

    assertThat(definitions.get(id)).isEmpty();
    assertThat(sockets()).isEmpty();
  }

  @Test
  void deletionNeverRemovesAFileTheOwnerNamedEvenIfRecorded() throws IOException {
    UUID id = definitions.add(vm(List.of(os, givenDisk), List.of(), List.of())).id();
    converge(id);
    // a record that (wrongly) holds the owner's file: it is still only detached
    Bookkeeping b = Bookkeeping.of(status(id));
    TreeMap<String, List<String>> made = new TreeMap<>(b.made());
    made.put(Dependents.DISK, List.of(path(id, os), given));
    definitions.updateStatus(id, status(id).withMemo(with(b, made).write()));

    definitions.delete(id);
    converge(id);

    assertThat(definitions.get(id)).isEmpty();
    assertThat(disks(id)).isEmpty();
    assertThat(Path.of(given)).exists();
    assertThat(Path.of(os.parent())).exists();
  }

  @Test
  void aRowFromBeforeTheRecordAdoptsWhatItsSpecDerivesSoAnUpgradeLeaksNothing() throws IOException {
    UUID id = definitions.add(vm(List.of(os, DATA), List.of("nic0"), List.of(AGENT))).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    // as a row migrated from a version 1 document reads: nothing recorded
    definitions.updateStatus(
        id, status(id).withMemo(with(Bookkeeping.of(status(id)), null).write()));
    assertThat(Bookkeeping.of(status(id)).made()).isNull();

    definitions.delete(id);
    converge(id);

    assertThat(disks(id)).isEmpty();
    assertThat(endpoints()).isEmpty();
    assertThat(sockets()).isEmpty();
  }

  static Bookkeeping with(Bookkeeping b, TreeMap<String, List<String>> made) {
    return new Bookkeeping(
        b.version(),
        b.systemGeneration(),
        b.backoffStreak(),
        b.observedStartRequests(),
        b.observedRestartRequests(),
        b.specHash(),
        b.processIncarnation(),
        b.provisionedGeneration(),
        b.restoredFrom(),
        made,
        b.hostShutdown(),
        b.endpointAddresses(),
        b.scratchVolume(),
        b.mountedScratch(),
        b.state());
  }
}
