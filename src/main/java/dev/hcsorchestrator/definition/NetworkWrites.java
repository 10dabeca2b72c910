package dev.hcsorchestrator.definition;

import dev.hcsorchestrator.definition.Definitions.PutResult;
import java.util.List;
import java.util.Optional;

/**
 * The writes of declared networks, for {@link JpaDefinitions}: each runs inside its caller's write
 * lock and transaction, so a network and the definitions naming it are checked one write at a time.
 */
final class NetworkWrites {

  private final NetworkRepository networks;
  private final DefinitionRepository definitions;
  private final DefinitionValidator validator;
  private final DefinitionRows rows;
  private final NetworkHostRows networkHosts;

  NetworkWrites(
      NetworkRepository networks,
      DefinitionRepository definitions,
      DefinitionValidator validator,
      DefinitionRows rows,
      NetworkHostRows networkHosts) {
    this.networks = networks;
    this.definitions = definitions;
    this.validator = validator;
    this.rows = rows;
    this.networkHosts = networkHosts;
  }

  /**
   * A declared network follows its declaration: an unchanged one is left as it is; a change of its
   * type, subnet or gateway is refused while a definition uses it, and otherwise stored and handed
   * to the reconciler, which replaces the host's network.
   */
  PutResult<Network> put(Network network) {
    Optional<NetworkEntity> existing = networks.findById(network.name());
    if (existing.isPresent() && existing.get().toNetwork().equals(network)) {
      return new PutResult<>(network, false);
    }
    // the declared networks are few: their subnets are compared one by one
    validator.validateNetwork(
        network, networks.findAll().stream().map(NetworkEntity::toNetwork).toList());
    if (existing.isPresent()) {
      List<String> users = definitions.namesUsingNetwork(network.name());
      if (!users.isEmpty()) {
        throw new DefinitionException.Conflict(
            "Network '"
                + network.name()
                + "' is used by "
                + users(users)
                + ": its type, subnet and gateway cannot change while a definition uses it");
      }
    }
    NetworkEntity entity = existing.orElseGet(() -> new NetworkEntity(network.name()));
    entity.set(network);
    networks.save(entity);
    if (existing.isPresent()) {
      // what the hosts reported was about the old settings: each reports again once it made the
      // new ones (the sweep the change queues)
      networkHosts.removeNetwork(network.name());
      rows.networkChanged(network.name());
    }
    return new PutResult<>(entity.toNetwork(), existing.isEmpty());
  }

  void delete(String name) {
    NetworkEntity entity =
        networks
            .findById(name)
            .orElseThrow(() -> new DefinitionException.NotFound("No network named '" + name + "'"));
    List<String> users = definitions.namesUsingNetwork(name);
    if (!users.isEmpty()) {
      throw new DefinitionException.Conflict(
          "Network '" + name + "' is used by " + users(users) + "; delete or change them first");
    }
    networks.delete(entity);
    networkHosts.removeNetwork(name);
    rows.networkDeleted(name);
  }

  /** "definition 'a'" or "definitions 'a', 'b'", the first ten named and the rest counted. */
  static String users(List<String> names) {
    int shown = Math.min(names.size(), 10);
    StringBuilder out = new StringBuilder(names.size() == 1 ? "definition " : "definitions ");
    for (int i = 0; i < shown; i++) {
      out.append(i == 0 ? "" : ", ").append('\'').append(names.get(i)).append('\'');
    }
    if (names.size() > shown) {
      out.append(" and ").append(names.size() - shown).append(" more");
    }
    return out.toString();
  }
}
