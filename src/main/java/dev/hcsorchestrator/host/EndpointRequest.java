package dev.hcsorchestrator.host;

/**
 * An HCN endpoint with a fixed id on a named network. {@code macAddress} and {@code ipAddress} may
 * be null (HCN then assigns them); pass the ones an earlier incarnation was given (see {@link
 * Endpoint}) to keep them when the endpoint must be made again.
 */
public record EndpointRequest(
    String endpointId, String name, String network, String macAddress, String ipAddress) {

  public EndpointRequest(String endpointId, String name, String network, String macAddress) {
    this(endpointId, name, network, macAddress, null);
  }
}
