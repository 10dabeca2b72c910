package dev.hcsorchestrator.definition;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The sizes of a spec's lists and maps, and the {@code null}s in them, checked before anything
 * else: a body of a million list entries or {@code null}s is refused on a count, without a finding
 * per entry. Lists within their bounds with few {@code null}s go on to the full validation, which
 * reports each broken rule.
 */
final class SpecBounds {

  private SpecBounds() {}

  /** What the walk found: nulls, and whether a list was over its bound. */
  private static final class Tally {
    int nulls;
    boolean over;
  }

  /** Throws when a list is over its bound, or more entries are null than an answer lists. */
  static void check(DefinitionSpec spec) {
    FieldErrors e = new FieldErrors();
    Tally nulls = new Tally();
    size(
        e,
        "labels",
        spec.labels(),
        SpecRules.MAX_LABELS,
        "at most " + SpecRules.MAX_LABELS + " pairs",
        nulls);
    VirtualMachineSpec vm = spec.virtualMachine();
    if (vm != null) {
      size(
          e,
          "virtualMachine.disks",
          vm.disks(),
          SpecRules.MAX_DISKS,
          "must hold 1.." + SpecRules.MAX_DISKS + " disks",
          nulls);
      size(
          e,
          "virtualMachine.networkAdapters",
          vm.networkAdapters(),
          SpecRules.MAX_ADAPTERS,
          "at most " + SpecRules.MAX_ADAPTERS + " network adapters",
          nulls);
      size(
          e,
          "virtualMachine.hvSockets",
          vm.hvSockets(),
          SpecRules.MAX_SOCKETS,
          "at most " + SpecRules.MAX_SOCKETS + " sockets",
          nulls);
    }
    ContainerSpec c = spec.container();
    if (c != null) {
      size(
          e,
          "container.layers",
          c.layers(),
          SpecRules.MAX_LAYERS,
          "must hold 1.." + SpecRules.MAX_LAYERS + " folder paths",
          nulls);
      size(
          e,
          "container.networkAdapters",
          c.networkAdapters(),
          SpecRules.MAX_ADAPTERS,
          "at most " + SpecRules.MAX_ADAPTERS + " network adapters",
          nulls);
      size(e, "container.mappedDirectories", c.mappedDirectories(), Integer.MAX_VALUE, "", nulls);
      size(e, "container.environment", c.environment(), Integer.MAX_VALUE, "", nulls);
    }
    if (nulls.over || nulls.nulls > DefinitionException.Invalid.LISTED) {
      e.throwIfAny();
    }
  }

  private static void size(
      FieldErrors e, String field, Object value, int max, String message, Tally nulls) {
    Collection<?> entries =
        value instanceof Map<?, ?> map
            ? map.values()
            : value instanceof List<?> list ? list : List.of();
    if (entries.size() > max) {
      e.add(field, message);
      nulls.over = true; // refused on that alone
      return;
    }
    int i = 0;
    for (Object entry : entries) {
      if (entry == null) {
        nulls.nulls++;
        if (e.count() >= DefinitionException.Invalid.LISTED) {
          e.countUnlisted(1); // beyond what an answer lists: counted, not spelled out
        } else if (!(value instanceof Map)) {
          e.add(field + "[" + i + "]", "must not be null");
        } else {
          e.add(field, "values must not be null");
        }
      }
      i++;
    }
  }
}
