package dev.hcsorchestrator.host.simulated;

import java.util.Set;

/** An IPv4 prefix such as {@code 172.30.0.0/20}, for the simulated HCN's address pool. */
record Ipv4Subnet(int network, int prefixLength) {

  /** The subnet, or null when {@code prefix} is not an IPv4 prefix. */
  static Ipv4Subnet parse(String prefix) {
    if (prefix == null) {
      return null;
    }
    String[] parts = prefix.split("/");
    if (parts.length != 2) {
      return null;
    }
    Integer address = address(parts[0]);
    int length;
    try {
      length = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    if (address == null || length < 8 || length > 30) {
      return null;
    }
    return new Ipv4Subnet(address & mask(length), length);
  }

  boolean contains(String ip) {
    Integer a = address(ip);
    return a != null && (a & mask(prefixLength)) == network && a != network && a != broadcast();
  }

  /** The lowest host address not in {@code used}, or null when every one is. */
  String firstFree(Set<String> used) {
    for (int a = network + 1; a != broadcast(); a++) {
      String text = text(a);
      if (!used.contains(text)) {
        return text;
      }
    }
    return null;
  }

  private int broadcast() {
    return network | ~mask(prefixLength);
  }

  private static int mask(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  private static Integer address(String text) {
    String[] octets = text.split("\\.");
    if (octets.length != 4) {
      return null;
    }
    int a = 0;
    for (String o : octets) {
      try {
        int v = Integer.parseInt(o);
        if (v < 0 || v > 255) {
          return null;
        }
        a = (a << 8) | v;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return a;
  }

  private static String text(int a) {
    return ((a >>> 24) & 0xFF)
        + "."
        + ((a >>> 16) & 0xFF)
        + "."
        + ((a >>> 8) & 0xFF)
        + "."
        + (a & 0xFF);
  }

  @Override
  public String toString() {
    return text(network) + "/" + prefixLength;
  }
}
