package dev.hcsorchestrator.service;

import java.time.Duration;

/**
 * What the service does when the host itself shuts down (the SCM's {@code PRESHUTDOWN} or {@code
 * SHUTDOWN}, or the simulator's {@code POST /api/v1/simulator/host/shutdown}): carry out every
 * definition's {@code hostShutdownAction} in parallel and return within {@code timeout}. Never
 * called when only the service stops: an upgrade must not touch running workloads.
 */
public interface HostShutdown {

  void hostShuttingDown(Duration timeout);
}
