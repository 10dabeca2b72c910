package dev.hcsorchestrator.definition;

/** A declared network: {@code type} is NAT, Internal or Transparent. */
public record Network(String name, NetworkType type, String subnet, String gateway) {

  /** Wire values of the network type. */
  public enum NetworkType {
    NAT,
    Internal,
    Transparent
  }
}
