package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.HealthCheckSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the health checks off the reconcile workers: each watched definition's current incarnation
 * is probed every {@code intervalSeconds}, once {@code initialDelaySeconds} passed since it
 * started, on a scheduler of its own (the probes bound themselves with {@code timeoutSeconds}). It
 * counts consecutive failures and only tells the reconciler: a changed verdict queues the
 * definition, whose pass reads it ({@link #verdict}) and acts. After {@code failureThreshold}
 * failures in a row it stops probing that incarnation; a new incarnation starts from zero.
 */
public final class HealthMonitor implements AutoCloseable {

  /** Probes one system once; never throws, and returns within the check's timeout. */
  public interface Prober {
    Probe probe(Target target);
  }

  /** What is probed: a definition's system, its network endpoints, and the check. */
  public record Target(UUID id, String systemId, List<String> endpointIds, HealthCheckSpec check) {}

  /** One probe's outcome. {@code Unknown} (e.g. no address known) counts neither way. */
  public record Probe(Outcome outcome, String detail) {
    public static Probe healthy() {
      return new Probe(Outcome.Healthy, "");
    }

    public static Probe failed(String detail) {
      return new Probe(Outcome.Failed, detail);
    }

    public static Probe unknown(String detail) {
      return new Probe(Outcome.Unknown, detail);
    }
  }

  public enum Outcome {
    Healthy,
    Failed,
    Unknown
  }

  /** What the monitor knows of one incarnation's health. */
  enum Health {
    Healthy,
    /** Failing, fewer than {@code failureThreshold} times in a row. */
    Failing,
    /** {@code failureThreshold} failures in a row: the system is to be replaced. */
    Unhealthy,
    /** The last probe could not tell. */
    Unknown
  }

  /** The verdict on one system: its health, the failures in a row and the last probe's detail. */
  record Verdict(String systemId, Health health, int failures, String detail) {}

  /** The reconciler's view of the monitor; {@link #NONE} when there is no monitor. */
  interface Verdicts {
    void watch(
        UUID id,
        String systemId,
        List<String> endpointIds,
        HealthCheckSpec check,
        Instant startedAt);

    void unwatch(UUID id);

    Optional<Verdict> verdict(UUID id, String systemId);

    Verdicts NONE =
        new Verdicts() {
          @Override
          public void watch(
              UUID id,
              String systemId,
              List<String> endpointIds,
              HealthCheckSpec check,
              Instant startedAt) {}

          @Override
          public void unwatch(UUID id) {}

          @Override
          public Optional<Verdict> verdict(UUID id, String systemId) {
            return Optional.empty();
          }
        };
  }

  private static final class Watch {
    final String systemId;
    final List<String> endpointIds;
    final HealthCheckSpec check;
    final Instant startedAt;
    ScheduledFuture<?> task;
    // written by one probe at a time (a fixed-delay task does not overlap itself)
    volatile Verdict verdict;

    Watch(String systemId, List<String> endpointIds, HealthCheckSpec check, Instant startedAt) {
      this.systemId = systemId;
      this.endpointIds = endpointIds;
      this.check = check;
      this.startedAt = startedAt;
    }
  }

  private final Prober prober;
  private final Clock clock;
  private final Consumer<UUID> enqueue;
  private final ScheduledExecutorService scheduler;
  private final Map<UUID, Watch> watches = new ConcurrentHashMap<>();
  private final Verdicts verdicts =
      new Verdicts() {
        @Override
        public void watch(
            UUID id,
            String systemId,
            List<String> endpointIds,
            HealthCheckSpec check,
            Instant startedAt) {
          HealthMonitor.this.watch(id, systemId, endpointIds, check, startedAt);
        }

        @Override
        public void unwatch(UUID id) {
          HealthMonitor.this.unwatch(id);
        }

        @Override
        public Optional<Verdict> verdict(UUID id, String systemId) {
          return HealthMonitor.this.verdict(id, systemId);
        }
      };

  /**
   * @param enqueue queues a definition for a pass (the work queue's {@code add})
   * @param scheduler the monitor's own threads; null to probe only through {@link #probeNow}
   */
  public HealthMonitor(
      Prober prober, Clock clock, Consumer<UUID> enqueue, ScheduledExecutorService scheduler) {
    this.prober = prober;
    this.clock = clock;
    this.enqueue = enqueue;
    this.scheduler = scheduler;
  }

  Verdicts verdicts() {
    return verdicts;
  }

  /**
   * Probes {@code systemId} with {@code check} from now on; the same system and check again changes
   * nothing, another one starts afresh (no failures counted).
   */
  void watch(
      UUID id,
      String systemId,
      List<String> endpointIds,
      HealthCheckSpec check,
      Instant startedAt) {
    Watch old = watches.get(id);
    if (old != null
        && old.systemId.equals(systemId)
        && old.check.equals(check.withDefaults())
        && old.endpointIds.equals(endpointIds)) {
      return;
    }
    check = check.withDefaults();
    Watch w =
        new Watch(
            systemId,
            List.copyOf(endpointIds),
            check,
            startedAt == null ? clock.instant() : startedAt);
    if (old != null && old.systemId.equals(systemId) && old.verdict != null) {
      // a changed check of the same incarnation keeps what is known, but counts anew
      Verdict v = old.verdict;
      w.verdict =
          new Verdict(
              systemId,
              v.health() == Health.Unhealthy ? Health.Unknown : v.health(),
              0,
              v.detail());
    }
    Watch replaced = watches.put(id, w);
    if (replaced != null && replaced.task != null) {
      replaced.task.cancel(false);
    }
    if (scheduler != null) {
      Duration wait =
          Duration.between(clock.instant(), w.startedAt.plusSeconds(initialDelay(check)));
      long first = Math.max(0, wait.toMillis());
      w.task =
          scheduler.scheduleWithFixedDelay(
              () -> probeNow(id, w),
              first,
              TimeUnit.SECONDS.toMillis(check.intervalSeconds()),
              TimeUnit.MILLISECONDS);
    }
  }

  void unwatch(UUID id) {
    Watch w = watches.remove(id);
    if (w != null && w.task != null) {
      w.task.cancel(false);
    }
  }

  /** The verdict on {@code systemId}, if it is the one watched for {@code id} and was probed. */
  Optional<Verdict> verdict(UUID id, String systemId) {
    Watch w = watches.get(id);
    return w == null || !w.systemId.equals(systemId)
        ? Optional.empty()
        : Optional.ofNullable(w.verdict);
  }

  /** One probe of the watched system of {@code id}, as the scheduler runs it. */
  void probeNow(UUID id) {
    Watch w = watches.get(id);
    if (w != null) {
      probeNow(id, w);
    }
  }

  private void probeNow(UUID id, Watch w) {
    if (watches.get(id) != w) {
      return; // replaced or dropped meanwhile
    }
    Verdict before = w.verdict;
    if (before != null && before.health() == Health.Unhealthy) {
      return; // the reconciler replaces this system; nothing more to learn from it
    }
    if (clock.instant().isBefore(w.startedAt.plusSeconds(initialDelay(w.check)))) {
      return;
    }
    Probe p = prober.probe(new Target(id, w.systemId, w.endpointIds, w.check));
    Verdict after = next(w.systemId, w.check, before, p);
    w.verdict = after;
    if (!after.equals(before)) {
      enqueue.accept(id);
    }
  }

  /** The counting: failures in a row up to the threshold, reset by a success. */
  static Verdict next(String systemId, HealthCheckSpec check, Verdict before, Probe p) {
    int failures = before == null ? 0 : before.failures();
    return switch (p.outcome()) {
      case Healthy -> new Verdict(systemId, Health.Healthy, 0, "");
      case Unknown -> new Verdict(systemId, Health.Unknown, failures, p.detail());
      case Failed -> {
        int n = failures + 1;
        yield new Verdict(
            systemId, n >= threshold(check) ? Health.Unhealthy : Health.Failing, n, p.detail());
      }
    };
  }

  private static int threshold(HealthCheckSpec c) {
    return c.failureThreshold() == null ? 3 : c.failureThreshold();
  }

  private static int initialDelay(HealthCheckSpec c) {
    return c.initialDelaySeconds() == null ? 0 : c.initialDelaySeconds();
  }

  @Override
  public void close() {
    watches.keySet().forEach(this::unwatch);
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
