package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.host.ListedEndpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which resources the stored definitions claim, decided from ids alone: every definition in the
 * store (any phase, being deleted included) claims its folder, its namespace ({@link
 * SystemIds#namespaceId}), the endpoints of its adapters ({@link SystemIds#endpointId}) and every
 * key its bookkeeping recorded as made, of any kind.
 *
 * @param ids every stored definition id (a scratch folder named after one is claimed)
 * @param endpoints claimed endpoint id (lower case) to its definition
 * @param namespaces claimed namespace id (lower case) to its definition
 * @param definitions the definitions read, to name the one an unclaimed endpoint came from
 */
record ResourceClaims(
    Set<UUID> ids,
    Map<String, UUID> endpoints,
    Map<String, UUID> namespaces,
    List<Definition> definitions) {

  /** Only the stored ids: what a sweep needs when the host holds no endpoint nor namespace. */
  static ResourceClaims ids(Set<UUID> stored) {
    return new ResourceClaims(stored, Map.of(), Map.of(), List.of());
  }

  /** Reads the store: every id, then each definition. */
  static ResourceClaims read(DefinitionStore store) {
    return read(store, store.ids());
  }

  /** Reads each of the stored ids given (read from the store just before). */
  static ResourceClaims read(DefinitionStore store, Collection<UUID> stored) {
    Set<UUID> ids = new HashSet<>();
    Map<String, UUID> endpoints = new HashMap<>();
    Map<String, UUID> namespaces = new HashMap<>();
    List<Definition> definitions = new ArrayList<>();
    for (UUID id : stored) {
      // claimed even if it is gone by the next read: its finalizer removed what it made first
      ids.add(id);
      namespaces.put(SystemIds.namespaceId(id), id);
      Optional<Definition> found = store.get(id);
      if (found.isEmpty()) {
        continue;
      }
      Definition d = found.get();
      definitions.add(d);
      for (NetworkAdapterSpec a : SystemSpecs.adapters(d.spec())) {
        endpoints.put(SystemIds.endpointId(id, a.name()), id);
      }
      Map<String, List<String>> made = Bookkeeping.of(d.status()).made();
      if (made != null) {
        made.values().stream()
            .flatMap(List::stream)
            .forEach(
                key -> {
                  endpoints.putIfAbsent(key.toLowerCase(Locale.ROOT), id);
                  namespaces.putIfAbsent(key.toLowerCase(Locale.ROOT), id);
                });
      }
    }
    return new ResourceClaims(ids, endpoints, namespaces, definitions);
  }

  /**
   * The definition an unclaimed endpoint of ours was made for, when it can be told: its name is
   * {@code <definition name>-<adapter name>} and its id is that adapter's {@link
   * SystemIds#endpointId} (an adapter removed before the service recorded what it made), or it sits
   * in the namespace of a stored definition.
   */
  Optional<Definition> ownerOf(ListedEndpoint e, String namespace) {
    for (Definition d : definitions) {
      String prefix = d.name() + "-";
      if (e.name() != null
          && e.name().startsWith(prefix)
          && SystemIds.endpointId(d.id(), e.name().substring(prefix.length())).equals(e.id())) {
        return Optional.of(d);
      }
    }
    UUID holder = namespace == null ? null : namespaces.get(namespace);
    return definitions.stream().filter(d -> d.id().equals(holder)).findFirst();
  }
}
