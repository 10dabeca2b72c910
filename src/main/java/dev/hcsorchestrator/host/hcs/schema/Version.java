package dev.hcsorchestrator.host.hcs.schema;

/** Schema {@code Version}: Major.Minor. */
public record Version(Integer major, Integer minor) {
  /** The schema version of every document this service sends. */
  public static final Version V2_1 = new Version(2, 1);
}
