package dev.hcsorchestrator.host.hcs.schema;

/** Schema {@code Version}: Major.Minor. */
public record Version(Integer major, Integer minor) {
  /** The schema version of every container document, and of VM documents on older hosts. */
  public static final Version V2_1 = new Version(2, 1);

  /**
   * Windows Server 2022 (build 20348): VM integration {@code Services}, {@code ShutdownOptions}.
   */
  public static final Version V2_5 = new Version(2, 5);

  /** Whether a host supporting this version understands {@code other} (same major, minor up to). */
  public boolean covers(Version other) {
    return major != null
        && minor != null
        && major.equals(other.major())
        && other.minor() != null
        && other.minor() <= minor;
  }
}
