package dev.hcsorchestrator.host.hcs.schema;

import java.util.Map;

/**
 * {@code Services} (schema 2.5): the Hyper-V integration services enabled for a VM, each configured
 * by an object ({@code {}} enables it with its defaults). {@code Shutdown} is what HCS asks a VM's
 * guest through on HcsShutDownComputeSystem.
 */
public record Services(
    Map<String, Object> heartbeat,
    Map<String, Object> shutdown,
    Map<String, Object> timesync,
    Map<String, Object> kvpExchange) {

  /** Heartbeat, shutdown, time synchronisation and key-value exchange, with their defaults. */
  public static Services all() {
    return new Services(Map.of(), Map.of(), Map.of(), Map.of());
  }
}
