package dev.hcsorchestrator.host;

/**
 * An HCN network as an enumeration of the host found it: its id (lower case), its {@code Owner} and
 * {@code Name} (either may be null: HCN does not require them), and, when the host reports them,
 * its type, its first subnet and that subnet's gateway (null when unknown or absent).
 */
public record ListedNetwork(
    String id, String owner, String name, String type, String subnet, String gateway) {

  /** A network whose settings were not read. */
  public ListedNetwork(String id, String owner, String name) {
    this(id, owner, name, null, null, null);
  }
}
