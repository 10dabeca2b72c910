package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A declared network: {@code type} is NAT, Internal or Transparent. {@code subnet} and {@code
 * gateway} are checked together in code ({@link NetworkRules}).
 */
public record Network(
    @NotNull(message = "must match " + SpecRules.NETWORK_NAME)
        @Pattern(regexp = SpecRules.NETWORK_NAME, message = "must match " + SpecRules.NETWORK_NAME)
        String name,
    @NotNull(message = "must be one of NAT, Internal, Transparent") NetworkType type,
    String subnet,
    String gateway) {

  /** Whether two IPv4 subnets (CIDRs such as 172.30.0.0/24) share an address. */
  public static boolean subnetsOverlap(String a, String b) {
    return NetworkRules.overlaps(a, b);
  }

  /** Wire values of the network type. */
  public enum NetworkType {
    NAT,
    Internal,
    Transparent
  }
}
