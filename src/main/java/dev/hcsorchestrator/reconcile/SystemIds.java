package dev.hcsorchestrator.reconcile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based (RFC 4122 version 5, SHA-1) identities: the same definition and incarnation always
 * give the same compute system id, so a restarted service finds and adopts what it made before.
 */
public final class SystemIds {

  /** Namespace of every id this service derives; fixed forever. */
  static final UUID NAMESPACE = UUID.fromString("3f0c2a7e-6a41-5b8e-9a5c-2d6f1e4b7c90");

  private SystemIds() {}

  /** The compute system id of a definition's incarnation. */
  public static String computeSystemId(UUID definitionId, long incarnation) {
    return nameBased(definitionId + "/incarnation/" + incarnation).toString();
  }

  /** The HCN endpoint id of a definition's network adapter: stable across incarnations. */
  public static String endpointId(UUID definitionId, String adapterName) {
    return nameBased(definitionId + "/adapter/" + adapterName).toString();
  }

  /**
   * The node field (last 48 bits) every namespace id carries: ASCII "hcsorc". HCN namespaces have
   * no owner field, so this marker is how a resync tells a namespace this service made from one it
   * must not touch.
   */
  static final long NAMESPACE_MARKER = 0x6863736f7263L;

  /**
   * The HCN namespace of a container definition: stable across incarnations, derived like the other
   * ids but with {@link #NAMESPACE_MARKER} as its node, so orphans are recognisable.
   */
  public static String namespaceId(UUID definitionId) {
    UUID u = nameBased(definitionId + "/namespace");
    long low = (u.getLeastSignificantBits() & ~0xFFFF_FFFF_FFFFL) | NAMESPACE_MARKER;
    return new UUID(u.getMostSignificantBits(), low).toString();
  }

  /** Whether an HCN namespace id carries this service's marker ({@link #namespaceId}). */
  public static boolean isOurNamespace(String namespaceId) {
    try {
      return (UUID.fromString(namespaceId).getLeastSignificantBits() & 0xFFFF_FFFF_FFFFL)
          == NAMESPACE_MARKER;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * A stable MAC for an adapter without a declared one, in Hyper-V's 00-15-5D range, so the guest
   * keeps its address across incarnations.
   */
  public static String macAddress(UUID definitionId, String adapterName) {
    UUID u = nameBased(definitionId + "/mac/" + adapterName);
    long bits = u.getLeastSignificantBits();
    return String.format(
        "00-15-5D-%02X-%02X-%02X", (bits >>> 16) & 0xFF, (bits >>> 8) & 0xFF, bits & 0xFF);
  }

  static UUID nameBased(String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0F) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3F) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
