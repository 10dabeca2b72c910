package dev.hcsorchestrator.fleet;

import java.time.Instant;
import java.util.Map;

/**
 * One host of the fleet, as {@code GET /api/v1/hosts} shows it.
 *
 * @param capacity what may be assigned to it
 * @param allocated what its definitions reserved
 * @param definitions how many definitions are assigned to it
 * @param version the service version it runs
 */
public record FleetHost(
    String name,
    Map<String, String> labels,
    HostState state,
    Instant leaseExpiresAt,
    Resources capacity,
    Resources allocated,
    int definitions,
    String version) {

  /** Processors and memory in MB. */
  public record Resources(long processors, long memoryMB) {}
}
