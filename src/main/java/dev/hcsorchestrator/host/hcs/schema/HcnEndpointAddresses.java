package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** The addresses of an HCN {@code HostComputeEndpoint}: its {@code IpConfigurations}. */
public record HcnEndpointAddresses(List<IpConfiguration> ipConfigurations) {

  /** One {@code IpConfigurations} entry. */
  public record IpConfiguration(String ipAddress, Integer prefixLength) {}
}
