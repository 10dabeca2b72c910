package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemSpec;
import dev.hcsorchestrator.host.SystemState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Makes an incarnation's system run: the only caller of {@link ComputeHost#create}. Stores the
 * incarnation first, then creates (or adopts) and starts its system and a container's process: a
 * crash anywhere in between leaves a stored id that the next pass creates or adopts, never a second
 * system.
 */
final class Incarnation {

  private final PassTools tools;
  private final Provisioner provisioner;
  private final Semaphore starts;
  private final ShutdownGate gate;
  private final Grants grants;

  /**
   * {@code starts} bounds the systems being created and started at once ({@code
   * hcs.reconcile.max-concurrent-starts}): a host coming back with many workloads starts them in
   * waves, in the order their keys left the queue (the semaphore is fair).
   */
  Incarnation(PassTools tools, Provisioner provisioner, Semaphore starts, ShutdownGate gate) {
    this.tools = tools;
    this.provisioner = provisioner;
    this.starts = starts;
    this.gate = gate;
    this.grants = new Grants(tools);
  }

  ReconcileResult create(StatusDraft s, long inc, String restore, EventType type) {
    // before every incarnation, not only a new generation's: what vanished behind the service's
    // back (an endpoint, a detached scratch after a host restart) is made again, and the scratch
    // volume the document names is the one mounted now
    provisioner.provision(s);
    requireGivenFiles(s);
    try {
      starts.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to start " + s.def.name(), e);
    }
    try {
      if (gate.closed()) {
        return ReconcileResult.DONE; // the host is shutting down: nothing new starts
      }
      return createAndStart(s, inc, restore, type);
    } finally {
      starts.release();
    }
  }

  private ReconcileResult createAndStart(StatusDraft s, long inc, String restore, EventType type) {
    ComputeHost host = tools.host();
    String newId = SystemIds.computeSystemId(s.id, inc);
    SystemSpec spec = tools.specs().build(s.def, newId, restore, s.memory().scratchVolume());
    HostShutdownAction after = s.memory().hostShutdown();
    s.planned(inc, restore, SystemSpecs.systemHash(s.def.spec()));
    tools.inventory().claim(s.id, newId);
    List<String> granted = grants.files(s.def, spec);
    Grants.record(s, newId, granted);
    s.writeAhead(); // the next incarnation (and what it is granted) is stored before its system
    grants.grantAll(newId, granted); // again after a crash or an adoption: harmless
    boolean adopted = false;
    try {
      host.create(spec);
      host.start(newId);
      s.started(restore);
    } catch (HostException.AlreadyExists e) {
      // stored before a crash and created then: the same system, adopted
      adopted = true;
      Optional<ObservedSystem> found =
          adopt(s, host.inspect(newId).filter(o -> o.state() != SystemState.Stopped));
      if (found.isEmpty()) {
        throw new IllegalStateException("Compute system " + newId + " vanished while adopted");
      }
      s.started(restore);
    }
    tools.inventory().firstSight(newId);
    tools.inventory().systemState(newId, SystemState.Running);
    ensureProcess(s, newId);
    // what the spec dropped was attached to the previous incarnation only: it can go now
    provisioner.prune(s);
    grants.revokeAllBut(s, newId); // older incarnations are gone: their access entries go too
    if (restore != null) {
      // the state is in the running system now; the file has served its purpose
      grants.revoke(s, newId, restore);
      tools.resources().deleteFile(restore);
    }
    s.running();
    if (!adopted) {
      boolean restored = restore != null && type == EventType.Started;
      s.event(
          restored ? EventType.Restored : type,
          (type == EventType.Restarted ? "Restarted as " : restored ? "Restored " : "Started ")
              + "compute system "
              + newId
              + " (incarnation "
              + inc
              + (restore == null ? "" : ", from " + restore)
              + (after == null ? "" : ", after the host shutdown (" + after + ")")
              + ")");
    }
    return s.memory().backoffStreak() > 0
        ? ReconcileResult.requeueAfter(tools.settings().resetAfter())
        : ReconcileResult.DONE;
  }

  /** A container's workload process, once per incarnation. */
  void ensureProcess(StatusDraft s, String systemId) {
    if (s.def.kind() == Kind.Container && s.memory().processIncarnation() != s.incarnation()) {
      tools.host().createProcess(systemId, SystemSpecs.process(s.def.spec().container()));
      s.memory().processCreated(s.incarnation());
    }
  }

  /**
   * The one place a system found on the host for the stored incarnation becomes the service's: one
   * stored before a crash and never confirmed started ({@link IncarnationState.Planned}), or one
   * this process sees for the first time (a restart of the service; same ids). A created system is
   * started, one paused by the crash resumed unless a pause is wanted. Returns what runs now.
   */
  Optional<ObservedSystem> adopt(StatusDraft s, Optional<ObservedSystem> observed) {
    if (observed.isEmpty()) {
      return observed; // not there (a stored one is created by the running step)
    }
    ObservedSystem sys = observed.get();
    boolean firstSight = tools.inventory().firstSight(sys.id());
    if (s.life() instanceof IncarnationState.Planned) {
      s.adopted(sys.id());
      SystemState now = sys.state();
      if (now == SystemState.Created) {
        tools.host().start(sys.id());
        now = SystemState.Running;
      } else if (now == SystemState.Paused && s.def.spec().desiredState() != DesiredState.Paused) {
        tools.host().resume(sys.id());
        now = SystemState.Running;
      }
      tools.inventory().systemState(sys.id(), now);
      return Optional.of(new ObservedSystem(sys.id(), sys.owner(), sys.type(), now));
    }
    if (firstSight) {
      // recorded before this process started (a restart of the service): ours, same ids
      s.event(
          EventType.Adopted,
          "Adopted compute system "
              + sys.id()
              + " found "
              + sys.state()
              + " on the host under the same ids");
    }
    return observed;
  }

  /**
   * Disks and images used as is must exist: HCS would refuse the system with "file not found";
   * checked before every new incarnation, since such a file can vanish between them.
   */
  private void requireGivenFiles(StatusDraft s) {
    for (DiskSpec d : SystemSpecs.disks(s.def.spec())) {
      if (d.parent() == null && d.sizeGB() == null) {
        String path = tools.specs().diskPath(s.id, d);
        if (path != null && !tools.resources().fileExists(path)) {
          throw new Reconciler.TerminalError("Disk " + d.name() + ": " + path + " does not exist");
        }
      }
    }
  }
}
