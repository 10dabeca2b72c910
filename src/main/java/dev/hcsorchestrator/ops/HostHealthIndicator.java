package dev.hcsorchestrator.ops;

import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostInfo;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP while the host compute service answers; in the readiness group as {@code host}. */
@Component("hostHealthIndicator")
class HostHealthIndicator extends AbstractHealthIndicator {

  private final ComputeHost host;

  HostHealthIndicator(ComputeHost host) {
    super("Host compute service does not answer");
    this.host = host;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    HostInfo info = host.probe();
    builder
        .up()
        .withDetail("mode", info.mode())
        .withDetail("schemaVersions", info.supportedSchemaVersions());
  }
}
