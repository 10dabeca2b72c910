package dev.hcsorchestrator.ops;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.reconcile.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP while the last resync is younger than three resync intervals; readiness as {@code reconciler}.
 */
@Component("reconcilerHealthIndicator")
class ReconcilerHealthIndicator implements HealthIndicator {

  private final Inventory inventory;
  private final Clock clock;
  private final Duration limit;

  ReconcilerHealthIndicator(Inventory inventory, Clock clock, HcsProperties properties) {
    this.inventory = inventory;
    this.clock = clock;
    this.limit = properties.reconcile().resyncInterval().multipliedBy(3);
  }

  @Override
  public Health health() {
    Instant last = inventory.lastResync();
    if (last == null) {
      return Health.down().withDetail("lastResync", "none yet").build();
    }
    Duration age = Duration.between(last, clock.instant());
    Health.Builder b = age.compareTo(limit) <= 0 ? Health.up() : Health.down();
    return b.withDetail("lastResync", last.toString())
        .withDetail("ageSeconds", age.toSeconds())
        .build();
  }
}
