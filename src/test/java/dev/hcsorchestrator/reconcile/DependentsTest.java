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
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disks, endpoints and socket registrations as dependents: what is recorded is what is removed. */
class DependentsTest {

  static final String AGENT = "6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11";
  static final String LOGS = "0f1e2d3c-4b5a-4697-8877-665544332211";

  @TempDir Path storage;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  FakeHost host = new FakeHost();
  Inventory inventory = new Inventory();
  ExitLedger exits = new ExitLedger();
  Set<UUID> queued = ConcurrentHashMap.newKeySet();
  Reconciler reconciler;
  SystemSpecs specs;

  @BeforeEach
  void setUp() {
    reconciler =
        ReconcilerBuilder.over(definitions, new HostAccess(host, host, host), storage)
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .build();
    host.subscribe(new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
    specs = new SystemSpecs(storage);
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

  static final DiskSpec OS = new DiskSpec("os", "/images/ws2022.vhdx", null, null, null, null);
  static final DiskSpec DATA = new DiskSpec("data", null, 20, null, null, null);
  static final DiskSpec SCRATCH = new DiskSpec("scratch", null, 5, null, null, null);
  static final DiskSpec GIVEN = new DiskSpec("given", null, null, "/owner/given.vhdx", null, null);

  void converge(UUID id) {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      if (!(r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero())
          && !queued.contains(id)) {
        return;
      }
    }
    throw new AssertionError("no convergence");
  }

  String path(UUID id, DiskSpec d) {
    return specs.diskPath(id, d);
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  void edit(UUID id, UnaryOperator<VirtualMachineSpec> change) {
    definitions.change(
        id, s -> SpecBuilder.from(s).virtualMachine(change.apply(s.virtualMachine())).build());
  }

  @Test
  void aDiskAdapterAndSocketRemovedFromTheSpecGoOnceTheReplacementRuns() {
    host.files.add("/owner/given.vhdx");
    UUID id =
        definitions
            .add(
                vm(
                    List.of(OS, DATA, SCRATCH, GIVEN),
                    List.of("nic0", "nic1"),
                    List.of(AGENT, LOGS)))
            .id();
    converge(id);
    assertThat(host.disks)
        .containsExactlyInAnyOrder(path(id, OS), path(id, DATA), path(id, SCRATCH));
    String nic1 = SystemIds.endpointId(id, "nic1");
    assertThat(host.endpoints).contains(nic1);

    edit(
        id,
        v ->
            new VirtualMachineSpec(
                v.processors(),
                v.memoryMB(),
                List.of(OS, DATA, GIVEN),
                List.of(new NetworkAdapterSpec("nic0", "nat", null)),
                List.of(new HvSocketSpec(AGENT, "svc"))));
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(host.disks).containsExactlyInAnyOrder(path(id, OS), path(id, DATA));
    assertThat(host.files).contains("/owner/given.vhdx");
    assertThat(host.endpoints).containsExactly(SystemIds.endpointId(id, "nic0"));
    assertThat(host.sockets).as("socket services need no host registration").isEmpty();
    assertThat(Bookkeeping.of(status(id)).made(Dependents.DISK))
        .containsExactlyInAnyOrder(path(id, OS), path(id, DATA));
  }

  @Test
  void aDiskRemovedWhileStoppedGoesWithTheNextIncarnation() {
    UUID id = definitions.add(vm(List.of(OS, DATA), List.of(), List.of())).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    edit(id, v -> new VirtualMachineSpec(v.processors(), v.memoryMB(), List.of(OS), null, null));
    converge(id);
    assertThat(host.disks).as("nothing runs: nothing changes yet").contains(path(id, DATA));

    definitions.desired(id, DesiredState.Running);
    converge(id);

    assertThat(host.disks).containsExactly(path(id, OS));
  }

  @Test
  void deletionRemovesWhatWasRecordedNotWhatTheSpecWouldDerive() {
    UUID id = definitions.add(vm(List.of(OS, DATA), List.of("nic0"), List.of(AGENT))).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    // the spec drops "data" while nothing runs, and someone else's file sits at a derived path
    edit(
        id,
        v ->
            new VirtualMachineSpec(v.processors(), v.memoryMB(), List.of(OS, SCRATCH), null, null));
    host.disks.add(path(id, SCRATCH));

    definitions.delete(id);
    converge(id);

    assertThat(definitions.get(id)).isEmpty();
    assertThat(host.disks)
        .as("recorded ones gone, the unrecorded one stays")
        .containsExactly(path(id, SCRATCH));
    assertThat(host.endpoints).isEmpty();
    assertThat(host.sockets).isEmpty();
  }

  @Test
  void aSocketRegistrationAnEarlierVersionRecordedIsRemovedWithTheDefinition() {
    UUID id = definitions.add(vm(List.of(OS), List.of(), List.of(AGENT))).id();
    converge(id);
    assertThat(host.sockets).as("this version registers nothing").isEmpty();
    // as an earlier version left it: the registration made and recorded
    host.registerHvSocket(AGENT, "svc");
    Bookkeeping b = Bookkeeping.of(status(id));
    TreeMap<String, List<String>> made = new TreeMap<>(b.made());
    made.put(Dependents.HV_SOCKET, List.of(AGENT));
    definitions.updateStatus(id, status(id).withMemo(with(b, made).write()));

    definitions.delete(id);
    converge(id);

    assertThat(definitions.get(id)).isEmpty();
    assertThat(host.sockets).isEmpty();
  }

  @Test
  void deletionNeverRemovesAFileTheOwnerNamedEvenIfRecorded() {
    UUID id = definitions.add(vm(List.of(OS, GIVEN), List.of(), List.of())).id();
    host.files.add("/owner/given.vhdx");
    converge(id);
    // a record that (wrongly) holds the owner's file: it is still only detached
    Bookkeeping b = Bookkeeping.of(status(id));
    TreeMap<String, List<String>> made = new TreeMap<>(b.made());
    made.put(Dependents.DISK, List.of(path(id, OS), "/owner/given.vhdx"));
    definitions.updateStatus(id, status(id).withMemo(with(b, made).write()));
    host.disks.add("/owner/given.vhdx");

    definitions.delete(id);
    converge(id);

    assertThat(definitions.get(id)).isEmpty();
    assertThat(host.disks).containsExactly("/owner/given.vhdx");
  }

  @Test
  void aRowFromBeforeTheRecordAdoptsWhatItsSpecDerivesSoAnUpgradeLeaksNothing() {
    UUID id = definitions.add(vm(List.of(OS, DATA), List.of("nic0"), List.of(AGENT))).id();
    converge(id);
    definitions.desired(id, DesiredState.Stopped);
    converge(id);
    // as a row migrated from a version 1 document reads: nothing recorded
    definitions.updateStatus(
        id, status(id).withMemo(with(Bookkeeping.of(status(id)), null).write()));
    assertThat(Bookkeeping.of(status(id)).made()).isNull();

    definitions.delete(id);
    converge(id);

    assertThat(host.disks).isEmpty();
    assertThat(host.endpoints).isEmpty();
    assertThat(host.sockets).isEmpty();
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
