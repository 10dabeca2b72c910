package dev.hcsorchestrator.service;

import dev.hcsorchestrator.config.HcsProperties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The first step of a host shutdown, shared by the SCM's {@code PRESHUTDOWN}/{@code SHUTDOWN} and
 * the simulator's host shutdown: the {@link HostShutdown} hook, given {@code hcs.shutdown.timeout}
 * and waited for no longer (the host goes down anyway). What follows (the service stopping) is the
 * caller's.
 */
@Component
public class HostShutdownSequence {

  private static final Logger LOG = LoggerFactory.getLogger(HostShutdownSequence.class);

  private final HostShutdown hook;
  private final Duration timeout;

  HostShutdownSequence(HostShutdown hook, HcsProperties properties) {
    this.hook = hook;
    this.timeout = properties.shutdown().timeout();
  }

  public Duration timeout() {
    return timeout;
  }

  /** True when the hook finished within the timeout. */
  public boolean run() {
    LOG.info("Host is shutting down: host-shutdown actions within {}", timeout);
    CompletableFuture<Void> actions =
        CompletableFuture.runAsync(
            () -> hook.hostShuttingDown(timeout),
            r -> {
              Thread t = new Thread(r, "host-shutdown");
              t.setDaemon(true);
              t.start();
            });
    try {
      actions.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      LOG.error("Host-shutdown actions did not finish within {}", timeout);
    } catch (ExecutionException e) {
      LOG.error("Host-shutdown actions failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
