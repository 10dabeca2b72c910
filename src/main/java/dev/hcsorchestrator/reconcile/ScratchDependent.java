package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.ScratchRequest;
import dev.hcsorchestrator.host.ScratchVolume;
import java.util.List;
import java.util.Map;

/**
 * A container's writable layer: a scratch VHDX in a folder of the definition ({@link
 * SystemSpecs#scratch}, named after the read-only layers), mounted as the volume that is the
 * document's {@code Storage.Path}. Made before the first incarnation and kept across incarnations
 * while the layers stay; layers changed by an update get a new scratch, and the old one is deleted
 * once the new incarnation runs. The volume and the layer ids the host returned are what the
 * document uses ({@link StatusDraft#scratchVolume}). A layer folder that does not exist is a
 * terminal failure naming it.
 *
 * <p>Mounted (disk attached, storage filter on) exactly once per incarnation, right before its
 * create, and unmounted (filter, then disk) once that system is gone ({@link #release}), as hcsshim
 * pairs every mount with a release. The folder is recorded in {@link StatusDraft#mountedScratch}
 * before the mount and dropped after the unmount, so a crash between any two steps leaves a record
 * that the next pass unmounts before it mounts again: nothing leaks, nothing is attached twice.
 */
final class ScratchDependent implements Dependents.Dependent<ScratchRequest> {

  static final String SCRATCH = "scratch";

  private final ContainerResources containers;
  private final HostResources resources;
  private final SystemSpecs specs;

  ScratchDependent(ContainerResources containers, HostResources resources, SystemSpecs specs) {
    this.containers = containers;
    this.resources = resources;
    this.specs = specs;
  }

  @Override
  public String kind() {
    return SCRATCH;
  }

  @Override
  public Map<String, ScratchRequest> desired(StatusDraft s) {
    if (s.def.kind() != Kind.Container) {
      return Map.of();
    }
    List<String> layers = layers(s.def.spec().container());
    String folder = specs.scratch(s.id, layers);
    return Map.of(folder, new ScratchRequest(folder, layers, ScratchRequest.DEFAULT_SIZE_BYTES));
  }

  /** Called right before the incarnation's create: the previous mount goes, then this one. */
  @Override
  public void ensure(StatusDraft s, ScratchRequest request) {
    release(s);
    s.memory().mounting(request.folder());
    s.writeAhead(); // recorded before the host attaches anything
    try {
      s.memory().volumeMounted(containers.mountScratch(request));
    } catch (HostException.NotFound e) {
      // a layer folder that is not there: no retry brings it back, and the definition is held,
      // so nothing stays attached (or recorded) until it is started again
      release(s);
      throw new Reconciler.TerminalError("Container scratch: " + e.getMessage());
    }
  }

  /**
   * Unmounts every recorded mount; called when the system that used it is gone (or never was). The
   * record goes only after the host detached.
   */
  void release(StatusDraft s) {
    for (String folder : s.memory().mountedScratch()) {
      containers.unmountScratch(folder);
      s.memory().unmounted(folder);
    }
  }

  /** Detaches and deletes the scratch disk, then its folder if nothing else is in it. */
  @Override
  public void delete(StatusDraft s, String folder) {
    containers.deleteScratch(folder); // unmounts first
    s.memory().unmounted(folder);
    resources.deleteEmptyDirectory(folder);
    if (s.memory().scratchVolume() != null && specs.scratch(s.id, pathsOf(s)).equals(folder)) {
      s.memory().volumeDeleted(); // the volume shown was this one's
    }
  }

  private static List<String> pathsOf(StatusDraft s) {
    return s.memory().scratchVolume().layers().stream().map(ScratchVolume.LayerId::path).toList();
  }

  static List<String> layers(ContainerSpec c) {
    return c == null || c.layers() == null ? List.of() : c.layers();
  }
}
