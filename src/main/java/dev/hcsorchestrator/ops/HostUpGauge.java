package dev.hcsorchestrator.ops;

import dev.hcsorchestrator.host.ComputeHost;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code hcs_host_up}: 1 while the host compute service answers (the probe of the {@code host}
 * health indicator), 0 while it does not. Probed at most every few seconds, however often scraped.
 */
@Component
class HostUpGauge implements MeterBinder {

  private static final long CACHE_NANOS = 5_000_000_000L;

  private final ComputeHost host;
  private double up;
  private long probedAt;
  private boolean probed;

  HostUpGauge(ComputeHost host) {
    this.host = host;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("hcs.host.up", this, HostUpGauge::up)
        .description("1 while the host compute service answers, 0 while it does not")
        .register(registry);
  }

  private synchronized double up() {
    long now = System.nanoTime();
    if (!probed || now - probedAt > CACHE_NANOS) {
      try {
        host.probe();
        up = 1;
      } catch (RuntimeException e) {
        up = 0;
      }
      probedAt = now;
      probed = true;
    }
    return up;
  }
}
