package dev.hcsorchestrator.host;

/** A network to create on the host; {@code type} is NAT, Internal or Transparent. */
public record NetworkRequest(String name, String type, String subnet, String gateway) {}
