package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The definition module's API for owners (used by {@code web}): every method validates, stores and
 * publishes {@link DefinitionChanged} for what it changed. The reconciler's side is {@link
 * DefinitionStore}.
 *
 * <p>Failures are {@link DefinitionException}s, each naming what a client did wrong.
 */
public interface Definitions {

  Definition create(DefinitionSpec spec);

  /** Create or replace; {@code expectedGeneration} is the {@code If-Match} value when given. */
  PutResult<Definition> put(String name, DefinitionSpec spec, Long expectedGeneration);

  Optional<Definition> find(String name);

  DefinitionPage list(DefinitionQuery query);

  /** Marks the definition {@code Deleting}; the reconciler removes it once the host is clean. */
  default Definition requestDeletion(String name) {
    return requestDeletion(name, generation -> true);
  }

  /**
   * As {@link #requestDeletion(String)}, only if the current generation satisfies {@code
   * precondition} (an {@code If-Match}), checked in the same transaction; otherwise a {@link
   * DefinitionException.PreconditionFailed}.
   */
  Definition requestDeletion(String name, LongPredicate precondition);

  /**
   * The start, stop, restart, pause, resume and save actions; a VM-only action on a container is a
   * {@link DefinitionException.Conflict} ({@link OwnerAction#virtualMachineOnly()}).
   */
  default Definition act(String name, OwnerAction action) {
    return act(name, action, generation -> true);
  }

  /** As {@link #act(String, OwnerAction)}, only if the current generation satisfies it. */
  Definition act(String name, OwnerAction action, LongPredicate precondition);

  /** Newest first, at most {@code limit}. */
  List<DefinitionEvent> events(String name, int limit);

  List<Network> networks();

  Optional<Network> network(String name);

  /** What each host reports of each declared network, by network and host name. */
  List<NetworkOnHost> networkReports();

  PutResult<Network> putNetwork(Network network);

  void deleteNetwork(String name);

  /** Whether the definition is {@code created} (201) or {@code replaced} (200). */
  record PutResult<T>(T value, boolean created) {}
}
