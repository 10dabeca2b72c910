package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HealthCheckSpec;
import dev.hcsorchestrator.definition.Phase;
import java.util.List;
import java.util.Optional;

/**
 * What a pass makes of the health monitor's verdict on the running system: condition {@code
 * Healthy}, the events of its transitions, and whether the system is to be replaced. The monitor
 * only probes and counts; the replacement is the running step's (through the {@link Stopper}).
 */
final class HealthStep {

  static final String CONDITION = "Healthy";

  private final HealthMonitor.Verdicts verdicts;

  HealthStep(HealthMonitor.Verdicts verdicts) {
    this.verdicts = verdicts;
  }

  /** {@code failureThreshold} failures in a row: the verdict that replaces the system, if any. */
  Optional<HealthMonitor.Verdict> unhealthy(StatusDraft s, String systemId) {
    if (s.def.spec().healthCheck() == null) {
      return Optional.empty();
    }
    return verdicts
        .verdict(s.id, systemId)
        .filter(v -> v.health() == HealthMonitor.Health.Unhealthy);
  }

  /**
   * Condition and event of the verdict {@link #unhealthy} found; the caller replaces the system.
   */
  void replacing(StatusDraft s, String systemId, HealthMonitor.Verdict v) {
    HealthCheckSpec check = s.def.spec().healthCheck();
    String detail = v.detail();
    s.conditions().set(CONDITION, false, "Unhealthy", detail);
    s.event(
        EventType.Unhealthy,
        "Health check ("
            + check.type()
            + ") failed "
            + v.failures()
            + " times in a row: "
            + detail
            + "; replacing compute system "
            + systemId);
  }

  /**
   * Condition {@code Healthy} at the end of a pass: of the system running now (an event when it
   * becomes True); left as it was while none runs; dropped without a health check.
   */
  void condition(StatusDraft s) {
    if (s.def.spec().healthCheck() == null) {
      s.conditions().drop(CONDITION);
      return;
    }
    String systemId = s.currentId();
    if (s.phase() != Phase.Running || systemId == null) {
      return;
    }
    Optional<HealthMonitor.Verdict> found = verdicts.verdict(s.id, systemId);
    if (found.isEmpty()) {
      s.conditions()
          .set(CONDITION, false, "NotProbed", "no probe of compute system " + systemId + " yet");
      return;
    }
    HealthMonitor.Verdict v = found.get();
    switch (v.health()) {
      case Healthy -> {
        if (!s.conditions().isTrue(CONDITION)) {
          s.event(EventType.Healthy, "Health check passed on compute system " + systemId);
        }
        s.conditions().set(CONDITION, true, "Healthy", "");
      }
      case Failing ->
          s.conditions()
              .set(
                  CONDITION,
                  false,
                  "Failing",
                  v.failures() + " failure(s) in a row: " + v.detail());
      case Unknown -> s.conditions().set(CONDITION, false, "Unknown", v.detail());
      case Unhealthy -> s.conditions().set(CONDITION, false, "Unhealthy", v.detail());
    }
  }

  /** The health monitor probes the current incarnation while it runs as wanted, and only then. */
  void watch(StatusDraft s) {
    DesiredState desired = s.def.spec().desiredState();
    if (s.def.spec().healthCheck() != null
        && !s.def.deleting()
        && (desired == null || desired == DesiredState.Running)
        && s.phase() == Phase.Running
        && s.currentId() != null) {
      List<String> endpoints =
          SystemSpecs.adapters(s.def.spec()).stream()
              .map(a -> SystemIds.endpointId(s.id, a.name()))
              .toList();
      verdicts.watch(
          s.id, s.currentId(), endpoints, s.def.spec().healthCheck(), s.life().runningSince());
    } else {
      verdicts.unwatch(s.id);
    }
  }
}
