package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.MappedDirectorySpec;
import dev.hcsorchestrator.host.DiskRequest;
import dev.hcsorchestrator.host.HostResources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources a definition owns beside its compute system, one {@link Dependent} per kind (as
 * java-operator-sdk's dependent resources): disks the service creates, network endpoints, and (only
 * to remove what an earlier version made) Hyper-V socket registrations. Each has a desired set
 * derived from the spec and a recorded set in the bookkeeping ({@link StatusDraft#made}): what the
 * service made. A resource is recorded before it is made, and removed from the record after it is
 * deleted, so a crash at any point leaks nothing.
 *
 * <p>A resource the spec no longer wants is deleted once the next incarnation runs without it (the
 * previous system, which had it attached, is gone by then). Deleting the definition removes exactly
 * what was recorded, never what the spec would derive again, and never a file the owner named
 * ({@code path}, {@code iso}, {@code parent}, layers, mapped folders: those are only attached).
 *
 * <p>The kinds, in the order they are made (and deleted): endpoints ({@link EndpointDependent}),
 * disks, socket registrations, a VM's guest state file ({@link GuestStateDependent}), a container's
 * namespace ({@link NamespaceDependent}: it takes in the endpoints made before it; an endpoint
 * leaves it before it is deleted) and a container's scratch volume ({@link ScratchDependent}). File
 * grants ({@link Grants}) are recorded the same way per incarnation.
 */
final class Dependents {

  static final String DISK = "disk";
  static final String ENDPOINT = "endpoint";
  static final String HV_SOCKET = "hvSocket";

  /**
   * A kind of resource the service records as made and deletes; one it no longer makes (socket
   * registrations of an earlier version) is only this: nothing desired, everything recorded goes.
   */
  interface Owned {

    /** The key of this kind in the record. */
    String kind();

    /** Keys the spec wants, each with what creating it needs; none for a kind no longer made. */
    default Map<String, ?> desired(StatusDraft s) {
      return Map.of();
    }

    /** Deletes it; "not found" is done. */
    void delete(StatusDraft s, String key);
  }

  /** One kind of owned resource the service makes; {@code R} is what creating one needs. */
  interface Dependent<R> extends Owned {

    /** Key (a disk path, an endpoint id) to request, as the spec wants it. */
    @Override
    Map<String, R> desired(StatusDraft s);

    /** Creates it unless it exists (idempotent); may note what the host returned in {@code s}. */
    void ensure(StatusDraft s, R request);
  }

  private final List<Owned> all;
  private final ScratchDependent scratch;

  Dependents(PassTools tools) {
    HostResources resources = tools.resources();
    SystemSpecs specs = tools.specs();
    this.scratch = new ScratchDependent(tools.containers(), resources, specs);
    this.all =
        List.of(
            new EndpointDependent(resources, tools.containers()),
            new Dependent<DiskRequest>() {
              @Override
              public String kind() {
                return DISK;
              }

              @Override
              public Map<String, DiskRequest> desired(StatusDraft s) {
                Map<String, DiskRequest> want = new LinkedHashMap<>();
                for (DiskSpec d : SystemSpecs.disks(s.def.spec())) {
                  String path = specs.diskPath(s.id, d);
                  if (d.parent() != null) {
                    want.put(path, new DiskRequest(path, d.parent(), 0));
                  } else if (d.sizeGB() != null) {
                    want.put(path, new DiskRequest(path, null, d.sizeGB().longValue() << 30));
                  }
                }
                return want;
              }

              @Override
              public void ensure(StatusDraft s, DiskRequest request) {
                resources.ensureDisk(request);
              }

              @Override
              public void delete(StatusDraft s, String key) {
                resources.deleteDisk(key);
              }
            },
            // A VM's socket services are granted by its document's service table (docs/windows.md,
            // "Hyper-V sockets"): no host registration is made. The kind stays so that
            // registrations an earlier version recorded are still removed (as no longer wanted,
            // and with the definition).
            new Owned() {
              @Override
              public String kind() {
                return HV_SOCKET;
              }

              @Override
              public void delete(StatusDraft s, String key) {
                resources.unregisterHvSocket(key);
              }
            },
            new GuestStateDependent(resources, specs),
            // after the endpoints: the namespace takes them in; on delete they left it already
            new NamespaceDependent(tools.containers()),
            scratch);
  }

  /** What was mounted for an incarnation whose system is gone goes ({@link ScratchDependent}). */
  void release(StatusDraft s) {
    scratch.release(s);
  }

  /**
   * A definition whose bookkeeping predates the record (a version 1 document, written before this
   * service recorded what it made): adopt what the old code made for the spec as it stands, once,
   * so an upgrade leaks nothing it can know of. Resources of older generations that the old code
   * left behind are not known and stay.
   */
  void adopt(StatusDraft s) {
    if (s.memory().recorded()) {
      return;
    }
    s.memory().startRecording();
    for (Owned d : all) {
      record(s, d.kind(), d.desired(s).keySet());
    }
  }

  /** Records, then makes, everything the spec wants; the record is durable before the host acts. */
  void ensure(StatusDraft s) {
    adopt(s);
    List<Map<String, ?>> wanted = new ArrayList<>();
    boolean grew = false;
    for (Owned d : all) {
      Map<String, ?> want = d.desired(s);
      wanted.add(want);
      grew |= record(s, d.kind(), want.keySet());
    }
    if (grew) {
      s.writeAhead(); // what is about to be made is recorded first: a crash leaks nothing
    }
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) instanceof Dependent<?> d) {
        ensureAll(s, d, wanted.get(i));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <R> void ensureAll(StatusDraft s, Dependent<R> d, Map<String, ?> want) {
    for (Object request : want.values()) {
      d.ensure(s, (R) request);
    }
  }

  /**
   * Deletes what is recorded but no longer wanted; called once the current incarnation runs, so
   * nothing still attaches it. A file the spec now names is left alone and dropped from the record.
   */
  void prune(StatusDraft s) {
    adopt(s);
    Set<String> named = namedFiles(s.def);
    for (Owned d : all) {
      Set<String> want = d.desired(s).keySet();
      for (String key : s.memory().keys(d.kind())) {
        if (!want.contains(key)) {
          if (!named.contains(key)) {
            d.delete(s, key);
          }
          forget(s, d.kind(), key);
        }
      }
    }
  }

  /** The definition is going: deletes exactly what was recorded (never a file the owner named). */
  void deleteAll(StatusDraft s) {
    adopt(s);
    Set<String> named = namedFiles(s.def);
    for (Owned d : all) {
      for (String key : s.memory().keys(d.kind())) {
        if (!named.contains(key)) {
          d.delete(s, key);
        }
        forget(s, d.kind(), key);
      }
    }
  }

  private static boolean record(StatusDraft s, String kind, Set<String> keys) {
    return s.memory().add(kind, keys);
  }

  private static void forget(StatusDraft s, String kind, String key) {
    s.memory().remove(kind, List.of(key));
  }

  /** Files the owner named in the spec: attached or read, never deleted by this service. */
  private static Set<String> namedFiles(Definition def) {
    Set<String> named = new HashSet<>();
    for (DiskSpec d : SystemSpecs.disks(def.spec())) {
      addIfSet(named, d.path());
      addIfSet(named, d.iso());
      addIfSet(named, d.parent());
    }
    ContainerSpec c = def.spec().container();
    if (c != null) {
      if (c.layers() != null) {
        c.layers().forEach(l -> addIfSet(named, l));
      }
      if (c.mappedDirectories() != null) {
        for (MappedDirectorySpec m : c.mappedDirectories()) {
          addIfSet(named, m.hostPath());
        }
      }
    }
    return named;
  }

  private static void addIfSet(Set<String> set, String value) {
    if (value != null) {
      set.add(value);
    }
  }
}
