package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.BACKOFF_BASE;
import static dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.BACKOFF_MAX;
import static dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.OWNER;
import static dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.stepsWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsContainerResources;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.jna.NativeComputeCore;
import dev.hcsorchestrator.host.jna.NativeComputeNetwork;
import dev.hcsorchestrator.host.jna.NativeComputeStorage;
import dev.hcsorchestrator.host.jna.NativeTimeouts;
import dev.hcsorchestrator.host.jna.NativeVirtualDisks;
import dev.hcsorchestrator.host.jna.TwinBackend;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.jna.TwinNetworkBackend;
import dev.hcsorchestrator.host.jna.TwinNetworkLibrary;
import dev.hcsorchestrator.host.jna.TwinStorageBackend;
import dev.hcsorchestrator.host.jna.TwinStorageLibrary;
import dev.hcsorchestrator.host.jna.TwinVirtDiskBackend;
import dev.hcsorchestrator.host.jna.TwinVirtDiskLibrary;
import dev.hcsorchestrator.host.jna.TwinVmComputeLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import dev.hcsorchestrator.reconcile.DependentFaults.Code;
import dev.hcsorchestrator.reconcile.DependentFaults.Operation;
import dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.Fault;
import dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.Repeat;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native fault matrix beyond computecore.dll: the calls a VM with a differencing disk and a
 * NIC, and a networked container, make to computenetwork.dll (HCN), virtdisk.dll and
 * computestorage.dll, and the container's HcsCreateProcess, each failing at the DLL boundary of its
 * C twin ({@code TwinSet*Fault}) with the fault classes and repeats of {@link
 * NativeFaultMatrixTest} and reached through the JNA bindings. Each DLL answers a fault class with
 * its own code: HCN and computestorage HRESULTs, virtdisk a Win32 error code (a DWORD, not an
 * HRESULT).
 *
 * <p>Codes: "HCN error codes" (https://learn.microsoft.com/en-us/virtualization/api/hcn/reference/
 * hcnhresult), "HCS error codes" (.../api/hcs/reference/hcshresult) and "System Error Codes"
 * (https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes).
 */
class NativeDependentFaultMatrixTest {

  static final Duration PERMANENT_WINDOW = Duration.ofMillis(500);
  private static String path;
  private static TwinLibrary core;
  private static TwinNetworkLibrary hcn;
  private static TwinStorageLibrary storage;
  private static TwinVirtDiskLibrary virtdisk;
  private static TwinVmComputeLibrary vmcompute;

  @TempDir Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private final InMemoryDefinitions definitions = new InMemoryDefinitions();
  private final WorkQueue<UUID> queue = new WorkQueue<>(BACKOFF_BASE, BACKOFF_MAX);
  private final Map<String, AtomicInteger> results = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<Runnable> uninstalling = new ArrayList<>();
  private ReconcileWorkers workers;

  @BeforeAll
  static void loadTwins() {
    path = TwinLibrary.pathOrSkip();
    core = TwinLibrary.load(path);
    hcn = TwinNetworkLibrary.load(path);
    storage = TwinStorageLibrary.load(path);
    virtdisk = TwinVirtDiskLibrary.load(path);
    vmcompute = TwinVmComputeLibrary.load(path);
  }

  @AfterEach
  void tearDown() throws Exception {
    resetFaults();
    if (workers != null) {
      workers.stop();
    }
    queue.shutDown();
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close(); // in the reverse order of opening
    }
    uninstalling.forEach(Runnable::run);
  }

  static void resetFaults() {
    core.TwinResetFaults();
    hcn.TwinResetNetworkFaults();
    storage.TwinResetStorageFaults();
    virtdisk.TwinResetVirtDiskFaults();
  }

  static void setFault(Operation op, int code, int count) {
    switch (op.dll) {
      case COMPUTECORE -> core.TwinSetFault(op.fn, code, count);
      case COMPUTENETWORK -> hcn.TwinSetNetworkFault(op.fn, code, count);
      case COMPUTESTORAGE -> storage.TwinSetStorageFault(op.fn, code, count);
      case VIRTDISK -> virtdisk.TwinSetVirtDiskFault(op.fn, code, count);
    }
  }

  static long calls(Operation op) {
    return switch (op.dll) {
      case COMPUTECORE -> core.TwinCalls(op.fn);
      case COMPUTENETWORK -> hcn.TwinNetworkCalls(op.fn);
      case COMPUTESTORAGE -> storage.TwinStorageCalls(op.fn);
      case VIRTDISK -> virtdisk.TwinVirtDiskCalls(op.fn);
    };
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation op : Operation.values()) {
      for (Fault fault : Fault.values()) {
        for (Repeat repeat : Repeat.values()) {
          cases.add(Arguments.of(op, fault, repeat));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("matrix")
  void aFaultOfADependentDllEndsAsTheTableSays(Operation op, Fault fault, Repeat repeat)
      throws Exception {
    workers().start();
    Code code = DependentFaults.code(op.dll, fault);
    resetFaults();
    setFault(op, code.value(), repeat.count);
    String name = "dm-" + op.name().toLowerCase().replace('_', '-');
    UUID id = definitions.add(op.kind == Kind.Container ? container(name) : vm(name)).id();
    workers.onDefinitionChanged(new DefinitionChanged(id));

    boolean always = repeat == Repeat.ALWAYS;
    Phase expected = !fault.transientFault ? Phase.Failed : always ? op.stuck : Phase.Running;
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(phase(id)).isEqualTo(expected));
    if (fault.transientFault && always) {
      // a permanent transient fault: at most one acting call per pass, one pass per backoff step
      long before = calls(op);
      int passesBefore = passes();
      long start = System.nanoTime();
      await().pollDelay(PERMANENT_WINDOW).until(() -> true);
      long elapsed = System.nanoTime() - start;
      long made = calls(op) - before;
      int passes = passes() - passesBefore;
      assertThat(made)
          .as("acting calls of %s: at most one per pass (%d passes)", op, passes)
          .isLessThanOrEqualTo(passes + 1L);
      assertThat((long) passes)
          .as("passes in %d ms: at most one per backoff step", elapsed / 1_000_000)
          .isLessThanOrEqualTo(stepsWithin(Duration.ofNanos(elapsed)) + 1L);
      assertThat(phase(id)).isEqualTo(expected);
    }

    var def = definitions.require(id);
    List<EventType> types = definitions.eventTypes(id);
    boolean eventNamesCode =
        definitions.events(id).stream()
            .anyMatch(e -> e.message() != null && e.message().contains(code.name()));
    assertThat(eventNamesCode).as("an event names %s", code.name()).isTrue();
    assertThat(outcomes(op.hostOperation, code.outcome()))
        .as("%s counted with outcome %s", op.hostOperation, code.outcome())
        .isGreaterThanOrEqualTo(1);
    if (!fault.transientFault) {
      assertThat(def.status().message()).contains(code.name());
      assertThat(types).contains(EventType.Failed).doesNotContain(EventType.Error);
      assertThat(calls(op)).as("a terminal fault is tried once").isEqualTo(1);
      assertThat(count("terminal")).isEqualTo(1);
      assertThat(count("error")).isZero();
    } else {
      assertThat(types).contains(EventType.Error).doesNotContain(EventType.Failed);
      assertThat(count("error")).as("passes counted error").isPositive();
      assertThat(count("terminal")).isZero();
      if (always) {
        assertThat(def.status().message()).contains(code.name());
      } else {
        assertThat(def.status().message()).isNull();
        assertThat(calls(op)).as("one retry after a single fault").isEqualTo(2);
      }
    }
  }

  ReconcileWorkers workers() throws Exception {
    Files.createDirectories(dir.resolve("layers/base"));
    Files.createDirectories(dir.resolve("images"));
    SimulatedComputeCore sim =
        new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    closing.add(sim);
    TwinBackend coreBackend = new TwinBackend(core, sim);
    coreBackend.install();
    uninstalling.add(coreBackend::uninstall);
    SimulatedVirtualDisks simDisks = new SimulatedVirtualDisks(faults);
    simDisks.createDynamicDisk(dir.resolve("images/base.vhdx").toString(), 1L << 30);
    TwinVirtDiskBackend diskBackend = new TwinVirtDiskBackend(virtdisk, simDisks);
    diskBackend.install();
    uninstalling.add(diskBackend::uninstall);
    TwinNetworkBackend netBackend =
        new TwinNetworkBackend(hcn, new SimulatedComputeNetwork(dir.resolve("sim"), faults));
    netBackend.install();
    uninstalling.add(netBackend::uninstall);
    TwinStorageBackend storageBackend =
        new TwinStorageBackend(
            storage, vmcompute, new SimulatedComputeStorage(dir.resolve("sim/storage"), simDisks));
    storageBackend.install();
    uninstalling.add(storageBackend::uninstall);

    Duration t = Duration.ofSeconds(5);
    NativeComputeCore nativeCore =
        NativeComputeCore.load(
            path, new NativeTimeouts(t, t, t, t, t, Duration.ofSeconds(1), t, t));
    NativeVirtualDisks disks = NativeVirtualDisks.load(path, t);
    NativeComputeNetwork network = NativeComputeNetwork.load(path, t);
    NativeComputeStorage layers = NativeComputeStorage.load(path, t);
    closing.addAll(List.of(nativeCore, disks, network, layers));

    HcsComputeHost host = new HcsComputeHost(nativeCore, OWNER, "native", registry);
    HcsHostResources resources =
        new HcsHostResources(
            disks,
            network,
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            nativeCore,
            OWNER,
            registry);
    HcsContainerResources containers = new HcsContainerResources(network, layers, disks, registry);
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    Clock clock = Clock.systemUTC();
    ReconcileMetrics counting =
        new ReconcileMetrics() {
          @Override
          public void reconciled(String result, long durationNanos) {
            results.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
          }

          @Override
          public void restarted(String kind, String reason) {}

          @Override
          public void drift(String kind, String cause) {}
        };
    Reconciler reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, resources, containers), dir.resolve("storage"))
            .inventory(inventory)
            .exits(exits)
            .metrics(counting)
            .clock(clock)
            .owner(OWNER)
            .build();
    workers =
        new ReconcileWorkers(
            reconciler,
            queue,
            definitions,
            host,
            inventory,
            exits,
            counting,
            clock,
            2,
            Duration.ofMinutes(10));
    return workers;
  }

  DefinitionSpec vm(String name) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(0)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                1,
                1024L,
                List.of(
                    new DiskSpec(
                        "os", dir.resolve("images/base.vhdx").toString(), null, null, null, null)),
                List.of(new NetworkAdapterSpec("nic0", "nat", null)),
                List.of()))
        .build();
  }

  DefinitionSpec container(String name) {
    return SpecBuilder.bare(name, Kind.Container)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(0)
        .labels(Map.of())
        .container(
            new ContainerSpec(
                List.of(dir.resolve("layers/base").toString()),
                "cmd /c ping -t localhost",
                "C:\\",
                Map.of(),
                1,
                512L,
                List.of(new NetworkAdapterSpec("eth0", "nat", null)),
                List.of()))
        .build();
  }

  Phase phase(UUID id) {
    return definitions.require(id).status().phase();
  }

  int passes() {
    return results.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int count(String result) {
    AtomicInteger n = results.get(result);
    return n == null ? 0 : n.get();
  }

  long outcomes(String operation, String outcome) {
    return registry
        .find("hcs.host.operation.duration")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
