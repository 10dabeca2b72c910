package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures counted as what they are, with workers over the typed host on the simulated DLLs: a pass
 * that throws an {@link Error} (here {@code computecore.dll} lacking a function, as JNA reports it)
 * is a panic of that pass alone, a definition the host rejects is terminal, and a sweep is counted
 * as a sweep.
 */
class ReconcileWorkersPanicTest {

  static final String OWNER = "hcs-orchestrator";

  @TempDir Path dir;

  final SimulatorFaults faults = new SimulatorFaults();
  final InMemoryDefinitions definitions = new InMemoryDefinitions();
  final WorkQueue<UUID> queue = new WorkQueue<>(Duration.ofMillis(20), Duration.ofMillis(200));
  final List<String> metrics = new CopyOnWriteArrayList<>();

  /** Compute system ids whose creation throws as a missing DLL export does. */
  final Set<String> unlinked = ConcurrentHashMap.newKeySet();

  SimulatedComputeCore core;
  ComputeHost host;
  ReconcileWorkers workers;

  @AfterEach
  void tearDown() {
    if (workers != null) {
      workers.stop();
    }
    queue.shutDown();
    core.close();
  }

  /** One worker, so that a panic that ended its thread would leave every other definition alone. */
  ReconcileWorkers workers() {
    core = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    ComputeCore linked =
        (ComputeCore)
            Proxy.newProxyInstance(
                ComputeCore.class.getClassLoader(),
                new Class<?>[] {ComputeCore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("createComputeSystem")
                      && unlinked.contains((String) args[0])) {
                    throw new UnsatisfiedLinkError(
                        "Error looking up function 'HcsCreateComputeSystem'");
                  }
                  try {
                    return method.invoke(core, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    host = new HcsComputeHost(linked, OWNER, "simulated", registry);
    SimulatedVirtualDisks disks = new SimulatedVirtualDisks(faults);
    HcsHostResources resources =
        new HcsHostResources(
            disks,
            new SimulatedComputeNetwork(dir.resolve("sim"), faults),
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            linked,
            OWNER,
            registry);
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    ReconcileMetrics recording =
        new ReconcileMetrics() {
          @Override
          public void reconciled(String result, long durationNanos) {
            metrics.add("reconciled " + result);
          }

          @Override
          public void swept(String result, long durationNanos) {
            metrics.add("swept " + result);
          }

          @Override
          public void restarted(String kind, String reason) {}

          @Override
          public void drift(String kind, String cause) {}
        };
    Reconciler reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, resources, null), dir.resolve("storage"))
            .inventory(inventory)
            .exits(exits)
            .metrics(recording)
            .clock(clock)
            .build();
    workers =
        new ReconcileWorkers(
            reconciler,
            queue,
            definitions,
            host,
            inventory,
            exits,
            recording,
            clock,
            1,
            Duration.ofMinutes(10));
    return workers;
  }

  static DefinitionSpec vm(String name) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(0)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                1, 1024L, List.of(new DiskSpec("os", null, 8, null, null, null)), null, null))
        .build();
  }

  Phase phase(UUID id) {
    return definitions.require(id).status().phase();
  }

  UUID announce(DefinitionSpec spec) {
    UUID id = definitions.add(spec).id();
    workers.onDefinitionChanged(new DefinitionChanged(id));
    return id;
  }

  @Test
  void anErrorFromTheHostIsOnePassesPanicAndTheWorkerConvergesTheOthers() {
    ReconcileWorkers w = workers();
    UUID poisoned = definitions.add(vm("poisoned")).id();
    unlinked.add(SystemIds.computeSystemId(poisoned, 1));
    w.start();

    w.onDefinitionChanged(new DefinitionChanged(poisoned));
    await().atMost(Duration.ofSeconds(20)).until(() -> metrics.contains("reconciled panic"));
    UUID a = announce(vm("a"));
    UUID b = announce(vm("b"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> phase(a) == Phase.Running && phase(b) == Phase.Running);
    assertThat(phase(poisoned)).isNotEqualTo(Phase.Running);
    assertThat(metrics).doesNotContain("reconciled error");

    unlinked.clear(); // the pass that panicked is retried with backoff
    await().atMost(Duration.ofSeconds(20)).until(() -> phase(poisoned) == Phase.Running);
  }

  @Test
  void aDefinitionTheHostRejectsIsCountedTerminalNotSuccess() {
    ReconcileWorkers w = workers();
    w.start();
    faults.inject("Create", HResults.HCS_E_INVALID_JSON, 1); // the document is refused

    UUID rejected = announce(vm("rejected"));

    await().atMost(Duration.ofSeconds(20)).until(() -> phase(rejected) == Phase.Failed);
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.contains("reconciled terminal"));
    assertThat(metrics).doesNotContain("reconciled success", "reconciled error");
  }

  @Test
  void aSweepIsCountedAsASweepNotAsAReconcile() {
    ReconcileWorkers w = workers();
    w.resync();
    assertThat(metrics).containsExactly("swept success");

    faults.inject("Enumerate", HResults.HCS_E_SERVICE_NOT_AVAILABLE, 1);
    w.resync();
    assertThat(metrics).containsExactly("swept success", "swept error");
  }
}
