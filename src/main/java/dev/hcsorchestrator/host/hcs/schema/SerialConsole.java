package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code SerialConsole}. */
public enum SerialConsole {
  Default,
  Disabled,
  ComPort1,
  ComPort2
}
