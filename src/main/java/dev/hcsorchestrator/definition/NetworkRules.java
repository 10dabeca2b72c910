package dev.hcsorchestrator.definition;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * A declared network's {@code subnet} and {@code gateway}. A NAT network needs both (the gateway is
 * the host's address on it); for Internal and Transparent both are optional, but a gateway needs a
 * subnet. The subnet is written canonically (no leading zeros, prefix {@code /0}..{@code /30}: room
 * for a gateway and at least one host), is a network address without host bits, and does not
 * overlap another declared network's; the gateway is a host address inside it.
 */
final class NetworkRules {

  /** Dotted quad without leading zeros (which some parsers read as octal). */
  static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

  private static final Pattern PREFIX = Pattern.compile("^(0|[1-9]\\d?)$");

  /** The longest prefix with a network, a gateway, a host and a broadcast address. */
  static final int MAX_PREFIX = 30;

  private NetworkRules() {}

  static void check(Network network, Collection<Network> others, FieldErrors e) {
    boolean nat = network.type() == Network.NetworkType.NAT;
    long[] subnet = null;
    if (network.subnet() == null) {
      if (nat || network.gateway() != null) {
        e.add("subnet", nat ? "is required for a NAT network" : "is required with a gateway");
      }
    } else {
      subnet = cidr(network.subnet());
      if (subnet == null) {
        e.add("subnet", "must be an IPv4 CIDR such as 172.30.0.0/24, without leading zeros");
      } else if (prefix(network.subnet()) > MAX_PREFIX) {
        e.add(
            "subnet",
            "must leave room for a gateway and a host: a prefix of /" + MAX_PREFIX + " or shorter");
        subnet = null;
      } else if ((subnet[0] & ~subnet[1] & 0xFFFFFFFFL) != 0) {
        e.add(
            "subnet",
            "must be a network address without host bits, such as "
                + dotted(subnet[0] & subnet[1])
                + "/"
                + prefix(network.subnet()));
        subnet = null;
      } else {
        for (Network other : others) {
          long[] theirs = other.subnet() == null ? null : cidr(other.subnet());
          if (!other.name().equals(network.name()) && theirs != null && overlap(subnet, theirs)) {
            e.add(
                "subnet",
                "overlaps the subnet " + other.subnet() + " of network '" + other.name() + "'");
          }
        }
      }
    }
    if (network.gateway() == null) {
      if (nat) {
        e.add("gateway", "is required for a NAT network");
      }
    } else if (!IPV4.matcher(network.gateway()).matches()) {
      e.add("gateway", "must be an IPv4 address");
    } else if (subnet != null) {
      long gateway = ipv4(network.gateway());
      long broadcast = subnet[0] | (~subnet[1] & 0xFFFFFFFFL);
      if ((gateway & subnet[1]) != subnet[0]) {
        e.add("gateway", "must lie inside the subnet " + network.subnet());
      } else if (gateway == subnet[0] || gateway == broadcast) {
        e.add("gateway", "must not be the subnet's network or broadcast address");
      }
    }
  }

  /** Whether two IPv4 CIDRs share an address; false when either is none. */
  static boolean overlaps(String a, String b) {
    long[] x = a == null ? null : cidr(a);
    long[] y = b == null ? null : cidr(b);
    return x != null && y != null && overlap(x, y);
  }

  /** {network, mask} of a canonical IPv4 CIDR, or null if it is none. */
  private static long[] cidr(String value) {
    String[] parts = value.split("/", -1);
    if (parts.length != 2
        || !IPV4.matcher(parts[0]).matches()
        || !PREFIX.matcher(parts[1]).matches()
        || Integer.parseInt(parts[1]) > 32) {
      return null;
    }
    int prefix = Integer.parseInt(parts[1]);
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return new long[] {ipv4(parts[0]), mask};
  }

  private static int prefix(String cidr) {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  private static boolean overlap(long[] a, long[] b) {
    long common = a[1] & b[1];
    return (a[0] & common) == (b[0] & common);
  }

  private static String dotted(long address) {
    return (address >> 24 & 0xFF)
        + "."
        + (address >> 16 & 0xFF)
        + "."
        + (address >> 8 & 0xFF)
        + "."
        + (address & 0xFF);
  }

  private static long ipv4(String address) {
    long value = 0;
    for (String part : address.split("\\.")) {
      value = (value << 8) | Integer.parseInt(part);
    }
    return value;
  }
}
