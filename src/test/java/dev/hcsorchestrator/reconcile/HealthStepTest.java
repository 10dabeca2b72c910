package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HealthCheckSpec;
import dev.hcsorchestrator.definition.HealthCheckType;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pass does with the health monitor's verdicts: condition {@code Healthy}, its events, and
 * the replacement of an unhealthy system as an exit of type {@code Unhealthy} under the restart
 * policy; the stop is written ahead ({@link DurableFirstHost}).
 */
class HealthStepTest {

  @TempDir Path dir;

  MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  InMemoryDefinitions definitions = new InMemoryDefinitions();
  SimulatedHost sim;
  DurableFirstHost host;
  Inventory inventory = new Inventory();
  ExitLedger exits = new ExitLedger();
  Set<UUID> queued = ConcurrentHashMap.newKeySet();
  volatile HealthMonitor.Probe answer = HealthMonitor.Probe.healthy();
  HealthMonitor monitor = new HealthMonitor(t -> answer, clock, queued::add, null);
  Reconciler reconciler;

  @BeforeEach
  void setUp() {
    sim = new SimulatedHost(dir);
    host = new DurableFirstHost(sim, definitions);
    reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, host, sim.containers), dir.resolve("storage"))
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .health(monitor.verdicts())
            .build();
    sim.host.subscribe(
        new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  UUID add(RestartPolicy policy) {
    DefinitionSpec s = ReconcilerTest.vm("web-01", policy, null);
    UUID id =
        definitions
            .add(
                SpecBuilder.from(s)
                    .healthCheck(new HealthCheckSpec(HealthCheckType.Tcp, 80, null, 1, 1, 2, 0))
                    .build())
            .id();
    host.watched = id;
    return id;
  }

  void converge(UUID id) {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      sim.settle();
      if (!(r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero())
          && !queued.contains(id)) {
        return;
      }
    }
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  Condition healthy(UUID id) {
    return status(id).conditions().stream()
        .filter(c -> c.type().equals("Healthy"))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aPassingCheckMakesTheConditionTrueWithOneHealthyEvent() {
    UUID id = add(RestartPolicy.Always);
    converge(id);
    assertThat(healthy(id).reason()).isEqualTo("NotProbed");

    monitor.probeNow(id);
    converge(id);
    monitor.probeNow(id);
    converge(id);

    assertThat(healthy(id).status()).isEqualTo("True");
    assertThat(definitions.eventTypes(id)).containsOnlyOnce(EventType.Healthy);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
  }

  @Test
  void failuresBelowTheThresholdOnlyShowInTheCondition() {
    UUID id = add(RestartPolicy.Always);
    converge(id);
    answer = HealthMonitor.Probe.failed("refused");

    monitor.probeNow(id);
    converge(id);

    assertThat(healthy(id).reason()).isEqualTo("Failing");
    assertThat(status(id).incarnation()).isEqualTo(1);
    assertThat(status(id).restartCount()).isZero();
  }

  @Test
  void theThresholdReplacesTheSystemAsAnUnhealthyExitAndTheNewOneStartsUncounted() {
    UUID id = add(RestartPolicy.OnFailure);
    converge(id);
    String first = status(id).computeSystemId();
    answer = HealthMonitor.Probe.failed("refused");

    monitor.probeNow(id);
    monitor.probeNow(id);
    assertThat(reconciler.reconcile(id))
        .as("the replacing stop looks again")
        .isInstanceOf(ReconcileResult.RequeueAfter.class);
    sim.settle();
    converge(id);

    DefinitionStatus s = status(id);
    assertThat(s.phase()).isEqualTo(Phase.Running);
    assertThat(s.incarnation()).isEqualTo(2);
    assertThat(s.restartCount()).isEqualTo(1);
    assertThat(s.lastExit().type()).isEqualTo(ExitType.Unhealthy);
    assertThat(sim.ours()).singleElement().satisfies(x -> assertThat(x.id()).isNotEqualTo(first));
    assertThat(definitions.eventTypes(id)).contains(EventType.Unhealthy, EventType.Restarted);
    assertThat(healthy(id).reason()).isEqualTo("NotProbed");
    assertThat(monitor.verdict(id, s.computeSystemId())).isEmpty();
  }

  @Test
  void underPolicyNeverAnUnhealthySystemIsReplacedByNothing() {
    UUID id = add(RestartPolicy.Never);
    converge(id);
    answer = HealthMonitor.Probe.failed("refused");

    monitor.probeNow(id);
    monitor.probeNow(id);
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Stopped);
    assertThat(status(id).lastExit().type()).isEqualTo(ExitType.Unhealthy);
    assertThat(sim.ours()).isEmpty();
  }
}
