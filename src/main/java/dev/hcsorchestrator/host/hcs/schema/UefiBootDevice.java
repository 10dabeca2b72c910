package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code UefiBootDevice}. */
public enum UefiBootDevice {
  ScsiDrive,
  VmbFs,
  Network,
  File
}
