package dev.hcsorchestrator.host;

/** An HCN endpoint as the host made it; {@code ipAddress} is null on a network without subnet. */
public record Endpoint(String id, String macAddress, String ipAddress) {

  public Endpoint(String id, String macAddress) {
    this(id, macAddress, null);
  }
}
