package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.EventType;
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
 * The {@code Healthy} condition each verdict leaves at the end of a pass: one {@code Healthy} event
 * per transition to True, the detail of an unknown or unhealthy probe, and no condition once the
 * spec drops its health check.
 */
class HealthConditionTest {

  @TempDir Path dir;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  final InMemoryDefinitions definitions = new InMemoryDefinitions();
  SimulatedHost host;
  final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  volatile HealthMonitor.Probe answer = HealthMonitor.Probe.healthy();
  final HealthMonitor monitor = new HealthMonitor(t -> answer, clock, queued::add, null);
  Reconciler reconciler;

  @BeforeEach
  void setUp() {
    host = new SimulatedHost(dir);
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    reconciler =
        ReconcilerBuilder.over(definitions, host.access(), dir.resolve("storage"))
            .inventory(inventory)
            .exits(exits)
            .clock(clock)
            .health(monitor.verdicts())
            .build();
    host.host.subscribe(
        new HostEventRouter(inventory, exits, clock, queued::add, () -> {}, () -> {}));
  }

  @AfterEach
  void tearDown() {
    host.close();
  }

  static DefinitionSpec withHealthCheck(DefinitionSpec s, HealthCheckSpec check) {
    return SpecBuilder.from(s).healthCheck(check).build();
  }

  UUID running(RestartPolicy policy) {
    UUID id =
        definitions
            .add(
                withHealthCheck(
                    ReconcilerTest.vm("web-01", policy, null),
                    new HealthCheckSpec(HealthCheckType.Tcp, 80, null, 1, 1, 2, 0)))
            .id();
    converge(id);
    assertThat(definitions.require(id).status().phase()).isEqualTo(Phase.Running);
    return id;
  }

  void converge(UUID id) {
    for (int i = 0; i < 20; i++) {
      queued.remove(id);
      ReconcileResult r = reconciler.reconcile(id);
      host.settle();
      if (!(r instanceof ReconcileResult.RequeueAfter q && q.delay().isZero())
          && !queued.contains(id)) {
        return;
      }
    }
    throw new AssertionError("no convergence");
  }

  Condition healthy(UUID id) {
    return definitions.require(id).status().conditions().stream()
        .filter(c -> c.type().equals(HealthStep.CONDITION))
        .findFirst()
        .orElse(null);
  }

  long healthyEvents(UUID id) {
    return definitions.eventTypes(id).stream().filter(t -> t == EventType.Healthy).count();
  }

  @Test
  void theHealthyEventMarksTheTransitionToTrueOnly() {
    UUID id = running(RestartPolicy.Always);

    monitor.probeNow(id);
    converge(id);
    assertThat(healthy(id).status()).isEqualTo("True");
    assertThat(healthyEvents(id)).isEqualTo(1);

    monitor.probeNow(id);
    converge(id);
    monitor.probeNow(id);
    converge(id);
    assertThat(healthy(id).status()).isEqualTo("True");
    assertThat(healthyEvents(id)).as("still True: no new event").isEqualTo(1);
  }

  @Test
  void anUnknownProbeShowsItsDetailAndCountsNeitherWay() {
    UUID id = running(RestartPolicy.Always);
    answer = HealthMonitor.Probe.unknown("no address known");

    for (int i = 0; i < 3; i++) {
      monitor.probeNow(id);
      converge(id);
    }

    assertThat(healthy(id).status()).isEqualTo("False");
    assertThat(healthy(id).reason()).isEqualTo("Unknown");
    assertThat(healthy(id).message()).isEqualTo("no address known");
    assertThat(definitions.require(id).status().incarnation()).isEqualTo(1);
  }

  @Test
  void anUnhealthySystemHeldByItsPolicyKeepsTheUnhealthyCondition() {
    UUID id = running(RestartPolicy.Never);
    answer = HealthMonitor.Probe.failed("refused");

    monitor.probeNow(id);
    monitor.probeNow(id);
    converge(id);

    assertThat(healthy(id).status()).isEqualTo("False");
    assertThat(healthy(id).reason()).isEqualTo("Unhealthy");
    assertThat(healthy(id).message()).contains("refused");
  }

  @Test
  void droppingTheHealthCheckDropsTheCondition() {
    UUID id = running(RestartPolicy.Always);
    monitor.probeNow(id);
    converge(id);
    assertThat(healthy(id)).isNotNull();

    definitions.change(id, s -> withHealthCheck(s, null));
    converge(id);

    assertThat(healthy(id)).isNull();
    assertThat(definitions.require(id).status().phase()).isEqualTo(Phase.Running);
  }
}
