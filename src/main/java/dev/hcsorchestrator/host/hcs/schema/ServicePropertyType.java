package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code GetPropertyType}: what {@code HcsGetServiceProperties} may be asked. */
public enum ServicePropertyType {
  Basic,
  CpuGroup,
  ProcessorTopology,
  ContainerCredentialGuard,
  QoSCapabilities
}
