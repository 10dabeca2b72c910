package dev.hcsorchestrator.definition;

/** What a definition declares. Constant names are the wire values. */
public enum Kind {
  VirtualMachine,
  Container
}
