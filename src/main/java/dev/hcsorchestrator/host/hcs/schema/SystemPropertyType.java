package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code System_PropertyType}: extra properties a query may ask for. */
public enum SystemPropertyType {
  Memory,
  Statistics,
  ProcessList,
  TerminateOnLastHandleClosed,
  SharedMemoryRegion,
  GuestConnection
}
