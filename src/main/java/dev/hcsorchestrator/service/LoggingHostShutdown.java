package dev.hcsorchestrator.service;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Placeholder {@link HostShutdown} until the reconciler carries out the per-definition {@code
 * hostShutdownAction}s: it only logs, and leaves every workload as it is (the host then ends them
 * as it powers off). Replace this bean (delete the class) when the reconciler's implementation
 * arrives.
 */
@Component
class LoggingHostShutdown implements HostShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(LoggingHostShutdown.class);

  @Override
  public void hostShuttingDown(Duration timeout) {
    LOG.warn(
        "Host shutdown: the per-definition hostShutdownAction is not implemented yet;"
            + " workloads are left to the host (timeout {})",
        timeout);
  }
}
