package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.host.ListedEndpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Removes the resources beside compute systems that carry this service's naming and that no
 * definition claims (docs/reconciliation.md, "Orphaned resources"): HCN endpoints whose {@code
 * Owner} is ours, HCN namespaces whose id carries {@link SystemIds#NAMESPACE_MARKER}, and scratch
 * layers in {@code <storage root>/<definition id>/scratch}; then the HCN networks with our {@code
 * Owner} ({@link NetworkSweep}). Nothing without that naming is touched: endpoints of other owners,
 * namespaces without the marker, other folders or files. Hyper-V socket registrations are left
 * alone: they carry nothing of ours ({@link Dependents} removes the ones it recorded).
 *
 * <p>The host is enumerated first and the store read afterwards: a resource is made only after its
 * definition is stored and the resource recorded, so nothing enumerated can be newer than what the
 * store then shows. A failure removes nothing more of that resource and never stops the sweep.
 */
final class ResourceSweeper {

  private static final System.Logger LOG = System.getLogger(ResourceSweeper.class.getName());

  /** The {@code kind} label of {@code hcs_drift_total{cause="orphan"}} per resource. */
  static final String ENDPOINT = "Endpoint";

  static final String NAMESPACE = "Namespace";
  static final String SCRATCH = "Scratch";
  static final String NETWORK = "Network";

  private final PassTools tools;
  private final NetworkReports reports;
  private final NetworkSweep networks;

  /** Orphans whose removal failed and was logged at WARNING: later failures log at DEBUG. */
  private final Set<String> failing = new HashSet<>();

  ResourceSweeper(PassTools tools, NetworkReports reports) {
    this.tools = tools;
    this.reports = reports;
    this.networks = new NetworkSweep(tools, reports);
  }

  /** A scratch layer's folder in the folder of the definition it was made for. */
  private record ScratchFolder(UUID id, String folder) {}

  /**
   * What the host holds with our naming, enumerated before the store is read: of the storage root,
   * only the names of its entries (those in the form of a definition id); what an unclaimed one is,
   * and the scratch layers in it, is looked at after the store was read.
   */
  record Seen(
      List<ListedEndpoint> endpoints,
      Map<String, List<String>> namespaces,
      List<UUID> folders,
      long attachments) {}

  /**
   * One sweep over what {@link #enumerate()} listed, given the ids the store held when read after
   * it ({@code stored}, null when the store could not be read: nothing is removed then, and the
   * next resync tries again); never throws.
   */
  void sweep(Seen seen, Set<UUID> stored) {
    if (stored == null) {
      return;
    }
    ResourceClaims claims;
    // with no endpoint or namespace of ours on the host, only the ids are needed: no definition is
    // read nor parsed
    boolean idsOnly = seen.endpoints().isEmpty() && seen.namespaces().isEmpty();
    try {
      claims =
          idsOnly ? ResourceClaims.ids(stored) : ResourceClaims.read(tools.definitions(), stored);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Orphan sweep of resources skipped: {0}", e.toString());
      return;
    }
    Set<String> orphans = new HashSet<>();
    Map<String, String> holder = new LinkedHashMap<>();
    seen.namespaces().forEach((ns, held) -> held.forEach(ep -> holder.put(ep, ns)));
    seen.namespaces()
        .forEach(
            (ns, held) -> {
              if (!claims.namespaces().containsKey(ns)) {
                orphans.add(ns);
                removeNamespace(ns, held, holder);
              }
            });
    for (ListedEndpoint e : seen.endpoints()) {
      if (!claims.endpoints().containsKey(e.id())) {
        orphans.add(e.id());
        removeEndpoint(e, holder.get(e.id()), claims);
      }
    }
    for (UUID folder : seen.folders()) {
      if (!claims.ids().contains(folder)) {
        // looked into now, after the store was read: a folder is made only after its definition
        // is stored, so one listed before that read and unclaimed by it gets no new scratch
        for (ScratchFolder scratch :
            enumerated("scratch layers", () -> scratches(folder), List.<ScratchFolder>of())) {
          orphans.add(scratch.folder());
          removeScratch(scratch.id(), scratch.folder());
        }
      }
    }
    failing.retainAll(orphans);
    // networks last, after their endpoints; the claims read above serve unless a pass attached a
    // definition to a network since (or they held ids only)
    networks.sweep(
        () ->
            usedByDefinitions(
                !idsOnly && reports.attachments() == seen.attachments()
                    ? claims
                    : ResourceClaims.read(tools.definitions())));
  }

  /**
   * Each kind on its own: a host whose HCN cannot answer (not bound, or down) still has its scratch
   * layers swept, and the other way round.
   */
  Seen enumerate() {
    long attachments = reports.attachments();
    return new Seen(
        enumerated("endpoints", this::endpoints, List.of()),
        enumerated("namespaces", this::namespaces, Map.of()),
        enumerated("definition folders", this::folders, List.of()),
        attachments);
  }

  private static <T> T enumerated(String what, java.util.function.Supplier<T> listing, T none) {
    try {
      return listing.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Orphan sweep of {0} skipped: {1}", what, e.toString());
      return none;
    }
  }

  private List<ListedEndpoint> endpoints() {
    String owner = tools.settings().owner();
    return tools.resources().listEndpoints().stream()
        .filter(e -> owner.equals(e.owner()))
        .map(e -> new ListedEndpoint(e.id().toLowerCase(Locale.ROOT), e.owner(), e.name()))
        .toList();
  }

  /** The networks a stored definition's adapters name. */
  private static Set<String> usedByDefinitions(ResourceClaims claims) {
    Set<String> names = new HashSet<>();
    for (Definition d : claims.definitions()) {
      SystemSpecs.adapters(d.spec()).forEach(a -> names.add(a.network()));
    }
    return names;
  }

  private Map<String, List<String>> namespaces() {
    Map<String, List<String>> namespaces = new LinkedHashMap<>();
    for (String ns : tools.containers().listNamespaces()) {
      if (SystemIds.isOurNamespace(ns)) {
        String id = ns.toLowerCase(Locale.ROOT);
        namespaces.put(
            id,
            tools.containers().namespaceEndpoints(id).stream()
                .map(ep -> ep.toLowerCase(Locale.ROOT))
                .toList());
      }
    }
    return namespaces;
  }

  /**
   * The entries of the storage root named after a definition id, by name only: a stored
   * definition's folder is never looked at, so a sweep costs no file system call per definition.
   */
  private List<UUID> folders() {
    List<UUID> folders = new ArrayList<>();
    for (String name : tools.resources().names(tools.settings().storageRoot().toString())) {
      UUID id = definitionId(name).orElse(null);
      if (id != null) {
        folders.add(id);
      }
    }
    return folders;
  }

  /**
   * Scratch folders ({@code scratch-<hash>}, {@link SystemSpecs#scratch}, or plain {@code scratch}
   * as earlier versions named it) holding a scratch, in the folder of one definition id.
   */
  private List<ScratchFolder> scratches(UUID id) {
    List<ScratchFolder> scratches = new ArrayList<>();
    String definitionFolder = tools.specs().folder(id).toString();
    if (!tools.resources().isFolder(definitionFolder)) {
      return scratches; // a file, or a link that could lead anywhere: not looked into
    }
    for (String sub : tools.resources().subfolders(definitionFolder)) {
      if (sub.equals("scratch") || sub.startsWith("scratch-")) {
        String folder = java.nio.file.Path.of(definitionFolder, sub).toString();
        if (tools.containers().holdsScratch(folder)) {
          scratches.add(new ScratchFolder(id, folder));
        }
      }
    }
    return scratches;
  }

  /**
   * The definition id a folder of the storage root is named after, in the form the service uses.
   */
  static Optional<UUID> definitionId(String folderName) {
    if (folderName.length() != 36) {
      return Optional.empty();
    }
    for (int i = 0; i < 36; i++) {
      char c = folderName.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return Optional.empty(); // not the lower-case form UUID.toString writes
      }
    }
    return Optional.of(UUID.fromString(folderName));
  }

  private void removeNamespace(String ns, List<String> held, Map<String, String> holder) {
    attempt(
        ns,
        "namespace " + ns,
        () -> {
          for (String ep : held) {
            tools.containers().removeNamespaceEndpoint(ns, ep);
            holder.remove(ep);
          }
          tools.containers().deleteNamespace(ns);
          LOG.log(
              System.Logger.Level.WARNING,
              "Removed orphan HCN namespace {0}: no definition claims it",
              ns);
          tools.metrics().drift(NAMESPACE, "orphan");
        });
  }

  private void removeEndpoint(ListedEndpoint e, String namespace, ResourceClaims claims) {
    String shown = e.name() == null ? e.id() : e.id() + " (" + e.name() + ")";
    attempt(
        e.id(),
        "endpoint " + shown,
        () -> {
          if (namespace != null) {
            tools.containers().removeNamespaceEndpoint(namespace, e.id());
          }
          tools.resources().deleteEndpoint(e.id());
          Optional<Definition> of = claims.ownerOf(e, namespace);
          if (of.isPresent()) {
            tools
                .definitions()
                .recordEvent(
                    of.get().id(),
                    EventType.OrphanRemoved,
                    "Removed HCN endpoint " + shown + " that no adapter of this definition claims",
                    null,
                    null);
          } else {
            LOG.log(
                System.Logger.Level.WARNING,
                "Removed orphan HCN endpoint {0}: no definition claims it",
                shown);
          }
          tools.metrics().drift(ENDPOINT, "orphan");
        });
  }

  private void removeScratch(UUID id, String folder) {
    attempt(
        folder,
        "scratch " + folder,
        () -> {
          tools.containers().deleteScratch(folder);
          tools.resources().deleteEmptyDirectory(folder);
          tools.resources().deleteEmptyDirectory(tools.specs().folder(id).toString());
          LOG.log(
              System.Logger.Level.WARNING,
              "Removed orphan scratch {0}: no definition {1} exists",
              folder,
              id);
          tools.metrics().drift(SCRATCH, "orphan");
        });
  }

  /** Runs one removal; a failure is logged (at WARNING the first time) and the sweep goes on. */
  private void attempt(String key, String what, Runnable removal) {
    try {
      removal.run();
      failing.remove(key);
    } catch (RuntimeException e) {
      System.Logger.Level level =
          failing.add(key) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
      LOG.log(level, "Cannot remove orphan {0}, next resync tries again: {1}", what, e.toString());
    }
  }
}
