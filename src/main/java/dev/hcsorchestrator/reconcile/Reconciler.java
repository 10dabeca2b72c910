package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Condition;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HvSocketSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.NewEvent;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.ReconcileMemo;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.DiskRequest;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.NetworkRequest;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemSpec;
import dev.hcsorchestrator.host.SystemState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;

/**
 * The decision logic: one level-triggered pass per definition id. Each pass reads the definition
 * and the host afresh, takes the next step towards the desired state and records status and events.
 * Plain Java: the Spring wiring is elsewhere, so tests drive it with their own clock.
 */
public final class Reconciler {

  private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
  private static final Duration STOP_RECHECK = Duration.ofSeconds(1);
  private static final String PAUSED_ON_HOST = "PausedOnHost";

  /** The settings a pass needs; tests pass short backoffs. */
  public record Settings(
      Path storageRoot,
      String owner,
      Duration backoffInitial,
      Duration backoffMax,
      Duration resetAfter) {}

  private final DefinitionStore definitions;
  private final ComputeHost host;
  private final HostResources resources;
  private final Inventory inventory;
  private final ExitLedger exits;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Settings settings;
  private final DoubleSupplier jitter;
  private final SystemSpecs specs;

  public Reconciler(
      DefinitionStore definitions,
      ComputeHost host,
      HostResources resources,
      Inventory inventory,
      ExitLedger exits,
      ReconcileMetrics metrics,
      Clock clock,
      Settings settings,
      DoubleSupplier jitter) {
    this.definitions = definitions;
    this.host = host;
    this.resources = resources;
    this.inventory = inventory;
    this.exits = exits;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.jitter = jitter;
    this.specs = new SystemSpecs(settings.storageRoot());
  }

  /** One pass for one definition. */
  public ReconcileResult reconcile(UUID id) {
    Optional<Definition> found = definitions.get(id);
    if (found.isEmpty()) {
      inventory.forget(id);
      return ReconcileResult.DONE;
    }
    Pass pass = new Pass(found.get());
    try {
      ReconcileResult result = pass.run();
      pass.observed();
      pass.flush();
      return result;
    } catch (HostException.Rejected | TerminalError e) {
      pass.fail(e.getMessage());
      pass.observed();
      pass.flush();
      return ReconcileResult.DONE;
    } catch (RuntimeException e) {
      pass.error(e);
      pass.flush();
      throw e;
    } finally {
      // what the last enumeration saw of this definition's systems may be out of date now
      inventory.snapshot().touch(id);
    }
  }

  /** Loads one definition's claims into the inventory, before the first orphan sweep. */
  public void load(UUID id) {
    definitions
        .get(id)
        .ifPresent(d -> inventory.record(id, d.kind(), d.status().phase(), currentId(d)));
  }

  /**
   * The exact HCS document the current incarnation was created with, or the next one will be: a
   * saved VM's next incarnation restores from its state file, and an incarnation restored from one
   * keeps showing it (the memo remembers the file after the file itself is deleted).
   */
  public Optional<String> document(UUID id) {
    return definitions
        .get(id)
        .map(
            d -> {
              ReconcileMemo m = d.status().memo() == null ? ReconcileMemo.EMPTY : d.status().memo();
              long stored = d.status().incarnation();
              long inc = Math.max(1, stored);
              String restore = m.restoredFrom();
              if (m.savedStateFile() != null) {
                restore = m.savedStateFile();
                if (stored > 0 && m.startedIncarnation() >= stored) {
                  inc = stored + 1; // the saved incarnation is gone; the next one restores
                }
              }
              return host.document(specs.build(d, SystemIds.computeSystemId(d.id(), inc), restore));
            });
  }

  private static String currentId(Definition d) {
    return d.status().incarnation() > 0
        ? SystemIds.computeSystemId(d.id(), d.status().incarnation())
        : null;
  }

  /**
   * Terminates systems with our owner that no definition claims; systems of other owners are never
   * touched. Also refreshes the per-state counts of our systems.
   */
  public void sweep() {
    sweep(host.list());
  }

  /** {@link #sweep()} over an enumeration just taken; one sweep at a time. */
  public synchronized void sweep(List<ObservedSystem> enumerated) {
    Map<String, SystemState> states = new HashMap<>();
    for (ObservedSystem s : enumerated) {
      if (!settings.owner().equals(s.owner())) {
        continue;
      }
      if (s.state() != SystemState.Stopped) {
        states.put(s.id(), s.state());
      }
      if (!inventory.claimsLoaded() || inventory.isCurrent(s.id())) {
        continue;
      }
      Optional<UUID> owner = inventory.ownerOf(s.id());
      Optional<Definition> d = owner.flatMap(definitions::get);
      if (d.isPresent()) {
        Definition def = d.get();
        String current = currentId(def);
        if (s.id().equals(current)) {
          inventory.record(def.id(), def.kind(), def.status().phase(), current);
          continue;
        }
        long inc = def.status().incarnation();
        if (def.status().memo().exitRequested()
            && inc > 1
            && s.id().equals(SystemIds.computeSystemId(def.id(), inc - 1))) {
          continue; // being replaced right now; its own pass stops it
        }
        removeOrphan(s);
        definitions.recordEvent(
            def.id(),
            EventType.OrphanRemoved,
            "Terminated compute system " + s.id() + " of an older incarnation",
            s.id(),
            null);
        inventory.forgetSystem(s.id());
      } else {
        removeOrphan(s);
        LOG.log(
            System.Logger.Level.WARNING,
            "Terminated orphan compute system {0} ({1}): no definition claims it",
            s.id(),
            s.type());
      }
      metrics.drift(s.type().name(), "orphan");
    }
    inventory.systemStates(states);
  }

  private void removeOrphan(ObservedSystem s) {
    try {
      host.terminate(s.id());
    } catch (HostException.NotFound | HostException.InvalidState e) {
      // already stopping or gone: the goal is reached
    }
  }

  /** A definition the host cannot serve as it stands (e.g. a network that does not exist). */
  static final class TerminalError extends RuntimeException {
    TerminalError(String message) {
      super(message);
    }
  }

  Duration backoff(int n) {
    if (n <= 1) {
      return Duration.ZERO;
    }
    long initial = settings.backoffInitial().toNanos();
    long max = settings.backoffMax().toNanos();
    int shift = n - 2;
    long base = shift >= 62 || initial > (max >> Math.min(shift, 62)) ? max : initial << shift;
    base = Math.min(max, base);
    double j = Math.max(0, Math.min(1, jitter.getAsDouble()));
    return Duration.ofNanos(base + (long) (base * 0.2 * j));
  }

  /** The state of one pass: the definition read, and the status draft it writes. */
  private final class Pass {
    private final Definition def;
    private final UUID id;
    private final Instant now;
    private Phase phase;
    private long observedGeneration;
    private String computeSystemId;
    private long incarnation;
    private int restartCount;
    private LastExit lastExit;
    private Instant nextRetryAt;
    private String message;
    private final Map<String, Condition> conditions = new LinkedHashMap<>();
    // memo
    private long systemGeneration;
    private int backoffStreak;
    private Instant runningSince;
    private String savedStateFile;
    private long observedStartRequests;
    private long observedRestartRequests;
    private Instant stopRequestedAt;
    private boolean exitRequested;
    private long startedIncarnation;
    private String specHash;
    private long holdGeneration;
    private long exitHandledIncarnation;
    private boolean restartPending;
    private long processIncarnation;
    private long provisionedGeneration;
    private String restoredFrom;
    private boolean removed;
    private DefinitionStatus current;
    private final List<NewEvent> pendingEvents = new ArrayList<>();
    private long idIncarnation;
    private String idOfIncarnation;

    Pass(Definition def) {
      this.def = def;
      this.id = def.id();
      DefinitionStatus s = def.status() == null ? DefinitionStatus.pending() : def.status();
      this.current = s;
      this.now = clock.instant();
      phase = s.phase();
      observedGeneration = s.observedGeneration();
      computeSystemId = s.computeSystemId();
      incarnation = s.incarnation();
      restartCount = s.restartCount();
      lastExit = s.lastExit();
      nextRetryAt = s.nextRetryAt();
      message = s.message();
      if (s.conditions() != null) {
        s.conditions().forEach(c -> conditions.put(c.type(), c));
      }
      ReconcileMemo m = s.memo() == null ? ReconcileMemo.EMPTY : s.memo();
      systemGeneration = m.systemGeneration();
      backoffStreak = m.backoffStreak();
      runningSince = m.runningSince();
      savedStateFile = m.savedStateFile();
      observedStartRequests = m.observedStartRequests();
      observedRestartRequests = m.observedRestartRequests();
      stopRequestedAt = m.stopRequestedAt();
      exitRequested = m.exitRequested();
      startedIncarnation = m.startedIncarnation();
      specHash = m.specHash();
      holdGeneration = m.holdGeneration();
      exitHandledIncarnation = m.exitHandledIncarnation();
      restartPending = m.restartPending();
      processIncarnation = m.processIncarnation();
      provisionedGeneration = m.provisionedGeneration();
      restoredFrom = m.restoredFrom();
    }

    ReconcileResult run() {
      if (def.deleting()) {
        return delete();
      }
      if (def.startRequests() > observedStartRequests) {
        // the start action: clears Failed, a policy stop and the restart backoff
        observedStartRequests = def.startRequests();
        holdGeneration = 0;
        backoffStreak = 0;
        nextRetryAt = null;
        if (phase == Phase.Failed) {
          message = null;
        }
      }
      if (holdGeneration != 0 && holdGeneration != def.generation()) {
        holdGeneration = 0;
      }
      String sysId = currentId();
      Optional<ObservedSystem> observed = sysId == null ? Optional.empty() : observe(sysId);
      if (observed.isPresent() && observed.get().state() == SystemState.Stopped) {
        host.release(sysId);
        observed = Optional.empty();
      }
      if (sysId != null) {
        inventory.systemState(sysId, observed.map(ObservedSystem::state).orElse(null));
      }
      if (observed.isPresent()) {
        boolean firstSight = inventory.firstSight(sysId);
        if (startedIncarnation < incarnation) {
          observed = Optional.of(adopt(observed.get()));
        } else if (firstSight) {
          // recorded before this process started (a restart of the service): ours, same ids
          event(
              EventType.Adopted,
              "Adopted compute system "
                  + sysId
                  + " found "
                  + observed.get().state()
                  + " on the host under the same ids");
        }
      }
      DesiredState desired = def.spec().desiredState();
      if (desired == null) {
        desired = DesiredState.Running;
      }
      return switch (desired) {
        case Running -> running(observed);
        case Paused -> paused(observed);
        case Saved -> saved(observed);
        case Stopped -> stopped(observed, Phase.Stopped);
      };
    }

    /** The resync's enumeration if it still holds and the system is watched; the host otherwise. */
    private Optional<ObservedSystem> observe(String sysId) {
      Optional<ObservedSystem> enumerated = inventory.snapshot().lookup(id, sysId);
      if (enumerated.isPresent() && host.watched(sysId)) {
        return enumerated;
      }
      return host.inspect(sysId);
    }

    private String currentId() {
      if (incarnation <= 0) {
        return null;
      }
      // a SHA-1 per call otherwise; a pass asks several times for the same incarnation
      if (idIncarnation != incarnation) {
        idOfIncarnation = SystemIds.computeSystemId(id, incarnation);
        idIncarnation = incarnation;
      }
      return idOfIncarnation;
    }

    private ObservedSystem adopt(ObservedSystem s) {
      // we stored this incarnation and crashed before recording that it started: it is ours
      startedIncarnation = incarnation;
      event(EventType.Adopted, "Adopted compute system " + s.id() + " found on the host");
      if (runningSince == null) {
        runningSince = now;
      }
      if (s.state() == SystemState.Created) {
        host.start(s.id());
        inventory.systemState(s.id(), SystemState.Running);
        return new ObservedSystem(s.id(), s.owner(), s.type(), SystemState.Running);
      }
      return s;
    }

    // ---- Running ----

    private ReconcileResult running(Optional<ObservedSystem> observed) {
      boolean restartAsked = def.restartRequests() > observedRestartRequests;
      if (restartAsked) {
        holdGeneration = 0;
      }
      if (observed.isEmpty()) {
        if (restartAsked) {
          observedRestartRequests = def.restartRequests();
        }
        return missing();
      }
      ObservedSystem s = observed.get();
      if (restartAsked) {
        observedRestartRequests = def.restartRequests();
        event(EventType.Replaced, "Restart requested: replacing compute system " + s.id());
        return stopCurrent(s, Phase.Stopping);
      }
      if (exitRequested) {
        return stopCurrent(s, Phase.Stopping);
      }
      // the hash of this generation's spec is known once it has been compared
      String hash =
          specHash != null && systemGeneration == def.generation()
              ? specHash
              : SystemSpecs.systemHash(def.spec());
      if (specHash != null && !specHash.equals(hash)) {
        metrics.drift(kindLabel(), "spec");
        event(
            EventType.Replaced,
            "Spec generation " + def.generation() + " differs: replacing compute system " + s.id());
        return stopCurrent(s, Phase.Stopping);
      }
      if (specHash == null) {
        specHash = hash;
      }
      systemGeneration = def.generation();
      switch (s.state()) {
        case Paused -> {
          // paused through the API (desired Paused, now Running again), or behind our back
          boolean asked = phase == Phase.Paused && isReady("Paused");
          if (!asked) {
            metrics.drift(kindLabel(), "state");
            // HCS sends no event for a pause: this pass is the first to see it; the status says
            // what the host says until the resume has succeeded
            phase = Phase.Paused;
            ready(false, PAUSED_ON_HOST);
            flush();
          }
          host.resume(s.id());
          inventory.systemState(s.id(), SystemState.Running);
          event(
              EventType.Resumed,
              "Resumed compute system "
                  + s.id()
                  + (asked ? " as asked" : " paused behind our back"));
        }
        case Created -> {
          host.start(s.id());
          inventory.systemState(s.id(), SystemState.Running);
        }
        default -> {}
      }
      if (def.kind() == Kind.Container) {
        Optional<ExitLedger.Exit> processExit =
            exits.peek(s.id()).filter(e -> e.type() == ExitType.ProcessExit);
        if (processExit.isPresent()) {
          // the workload ended: the container goes with it, and the exit counts as its own
          host.terminate(s.id());
          return ReconcileResult.requeueAfter(STOP_RECHECK);
        }
        if (processIncarnation != incarnation) {
          host.createProcess(s.id(), SystemSpecs.process(def.spec().container()));
          processIncarnation = incarnation;
        }
      }
      return settleRunning();
    }

    private boolean isReady(String reason) {
      Condition c = conditions.get("Ready");
      return c != null && reason.equals(c.reason());
    }

    private ReconcileResult settleRunning() {
      if (phase != Phase.Running && phase != Phase.Paused) {
        if (phase != Phase.Starting && phase != Phase.Pending) {
          event(EventType.Started, "Compute system " + currentId() + " is running");
        }
      }
      phase = Phase.Running;
      message = null;
      nextRetryAt = null;
      ready(true, "Running");
      if (runningSince == null) {
        runningSince = now;
      }
      if (backoffStreak > 0) {
        Duration ran = Duration.between(runningSince, now);
        if (ran.compareTo(settings.resetAfter()) >= 0) {
          backoffStreak = 0;
        } else {
          return ReconcileResult.requeueAfter(settings.resetAfter().minus(ran));
        }
      }
      return ReconcileResult.DONE;
    }

    /** The current incarnation has no system on the host. */
    private ReconcileResult missing() {
      if (holdGeneration != 0) {
        return ReconcileResult.DONE; // Failed or stopped by the policy until start or a change
      }
      if (incarnation == 0) {
        return create(1, null, EventType.Started);
      }
      if (startedIncarnation < incarnation) {
        // stored before a crash, never created (or not confirmed): same id, no second system
        return create(incarnation, savedStateFile, EventType.Started);
      }
      if (restartPending) {
        if (nextRetryAt != null && now.isBefore(nextRetryAt)) {
          phase = Phase.BackOff;
          ready(false, "BackOff");
          return ReconcileResult.requeueAfter(Duration.between(now, nextRetryAt));
        }
        restartPending = false;
        nextRetryAt = null;
        return create(incarnation + 1, savedStateFile, EventType.Restarted);
      }
      if (exitRequested || exitHandledIncarnation == incarnation) {
        exits.take(currentId());
        return create(incarnation + 1, savedStateFile, EventType.Started);
      }
      return exited();
    }

    /** An exit the service did not ask for: record it, then apply the restart policy. */
    private ReconcileResult exited() {
      String sysId = currentId();
      Optional<ExitLedger.Exit> reported = exits.take(sysId);
      ExitLedger.Exit exit = reported.orElse(new ExitLedger.Exit(ExitType.Unknown, null, now));
      host.release(sysId);
      lastExit = new LastExit(exit.type(), exit.exitCode(), exit.at());
      exitHandledIncarnation = incarnation;
      runningSince = null;
      metrics.drift(kindLabel(), reported.isPresent() ? "exited" : "missing");
      event(
          EventType.Exited,
          "Compute system "
              + sysId
              + " exited: "
              + exit.type()
              + (exit.exitCode() == null ? "" : " with code " + exit.exitCode()));
      if (!restarts(exit)) {
        phase = Phase.Stopped;
        holdGeneration = def.generation();
        ready(false, "Exited");
        event(
            EventType.Stopped,
            "Not restarted: restart policy " + policy() + " after " + exit.type());
        return ReconcileResult.DONE;
      }
      int n = backoffStreak + 1;
      Integer max = def.spec().maxRestarts();
      if (max != null && n > max) {
        phase = Phase.Failed;
        holdGeneration = def.generation();
        message = "Exceeded maxRestarts (" + max + "): " + backoffStreak + " consecutive restarts";
        ready(false, "Failed");
        event(EventType.Failed, message);
        return ReconcileResult.DONE;
      }
      backoffStreak = n;
      restartCount++;
      metrics.restarted(kindLabel(), exit.type().name());
      Duration delay = backoff(n);
      if (delay.isZero()) {
        return create(incarnation + 1, savedStateFile, EventType.Restarted);
      }
      restartPending = true;
      nextRetryAt = now.plus(delay);
      phase = Phase.BackOff;
      ready(false, "BackOff");
      event(
          EventType.BackOff,
          "Restart " + n + " in a row: waiting " + delay.toMillis() + " ms until " + nextRetryAt);
      return ReconcileResult.requeueAfter(delay);
    }

    private RestartPolicy policy() {
      return def.spec().restartPolicy() == null ? RestartPolicy.Always : def.spec().restartPolicy();
    }

    private boolean restarts(ExitLedger.Exit exit) {
      return switch (policy()) {
        case Always -> true;
        case Never -> false;
        case OnFailure ->
            switch (exit.type()) {
              case GracefulExit -> false;
              case ProcessExit -> exit.exitCode() == null || exit.exitCode() != 0;
              default -> true;
            };
      };
    }

    /**
     * Stores the incarnation first, then creates and starts its system: a crash anywhere in between
     * leaves a stored id that the next pass creates or adopts, never a second system.
     */
    private ReconcileResult create(long inc, String restore, EventType type) {
      if (provisionedGeneration != def.generation()) {
        provision();
      }
      requireGivenFiles();
      String newId = SystemIds.computeSystemId(id, inc);
      SystemSpec spec = specs.build(def, newId, restore);
      if (inc != incarnation) {
        incarnation = inc;
        exitRequested = false;
        stopRequestedAt = null;
      }
      computeSystemId = newId;
      specHash = SystemSpecs.systemHash(def.spec());
      systemGeneration = def.generation();
      runningSince = null;
      phase = Phase.Starting;
      ready(false, "Starting");
      inventory.claim(id, newId);
      flush();
      boolean adopted = false;
      try {
        host.create(spec);
      } catch (HostException.AlreadyExists e) {
        adopted = true;
      }
      if (adopted) {
        Optional<ObservedSystem> s = host.inspect(newId);
        if (s.isEmpty()) {
          throw new IllegalStateException("Compute system " + newId + " vanished while adopted");
        }
        event(EventType.Adopted, "Adopted compute system " + newId + " found on the host");
        if (s.get().state() == SystemState.Created) {
          host.start(newId);
        } else if (s.get().state() == SystemState.Paused) {
          host.resume(newId);
        }
      } else {
        host.start(newId);
      }
      startedIncarnation = inc;
      restoredFrom = restore;
      inventory.firstSight(newId);
      inventory.systemState(newId, SystemState.Running);
      if (def.kind() == Kind.Container && processIncarnation != inc) {
        host.createProcess(newId, SystemSpecs.process(def.spec().container()));
        processIncarnation = inc;
      }
      if (restore != null) {
        // the state is in the running system now; the file has served its purpose
        savedStateFile = null;
        resources.deleteFile(restore);
      }
      runningSince = now;
      phase = Phase.Running;
      message = null;
      nextRetryAt = null;
      ready(true, "Running");
      if (!adopted) {
        event(
            type,
            (type == EventType.Restarted ? "Restarted as " : "Started ")
                + "compute system "
                + newId
                + " (incarnation "
                + inc
                + (restore == null ? ")" : ", restored from " + restore + ")"));
      }
      return backoffStreak > 0
          ? ReconcileResult.requeueAfter(settings.resetAfter())
          : ReconcileResult.DONE;
    }

    /**
     * Disks and images used as is must exist: HCS would refuse the system with "file not found";
     * checked before every new incarnation, since such a file can vanish between them.
     */
    private void requireGivenFiles() {
      for (DiskSpec d : SystemSpecs.disks(def.spec())) {
        if (d.parent() == null && d.sizeGB() == null) {
          String path = specs.diskPath(id, d);
          if (path != null && !resources.fileExists(path)) {
            throw new TerminalError("Disk " + d.name() + ": " + path + " does not exist");
          }
        }
      }
    }

    private void provision() {
      boolean first = provisionedGeneration == 0;
      phase = Phase.Provisioning;
      DefinitionSpec spec = def.spec();
      Set<String> networks = new LinkedHashSet<>();
      for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
        networks.add(a.network());
      }
      for (String name : networks) {
        var declared = definitions.network(name);
        if (declared.isPresent()) {
          var n = declared.get();
          resources.ensureNetwork(
              new NetworkRequest(n.name(), n.type().name(), n.subnet(), n.gateway()));
        } else if (!resources.networkExists(name)) {
          throw new TerminalError("Network " + name + " is neither declared nor on the host");
        }
      }
      for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
        resources.ensureEndpoint(
            new EndpointRequest(
                SystemIds.endpointId(id, a.name()),
                def.name() + "-" + a.name(),
                a.network(),
                SystemSpecs.macAddress(id, a)));
      }
      for (DiskSpec d : SystemSpecs.disks(spec)) {
        if (d.parent() != null) {
          resources.ensureDisk(new DiskRequest(specs.diskPath(id, d), d.parent(), 0));
        } else if (d.sizeGB() != null) {
          resources.ensureDisk(
              new DiskRequest(specs.diskPath(id, d), null, d.sizeGB().longValue() << 30));
        }
      }
      for (HvSocketSpec h : SystemSpecs.hvSockets(spec)) {
        resources.registerHvSocket(h.serviceId(), h.name());
      }
      provisionedGeneration = def.generation();
      condition("ResourcesReady", true, "Provisioned", "");
      if (first) {
        event(EventType.Provisioned, "Disks, network endpoints and socket registrations ready");
      }
    }

    // ---- Stopped, Paused, Saved ----

    /** Graceful shutdown, then terminate once {@code shutdownTimeoutSeconds} passed. */
    private ReconcileResult stopCurrent(ObservedSystem s, Phase during) {
      Duration timeout = Duration.ofSeconds(timeoutSeconds());
      if (!exitRequested || stopRequestedAt == null) {
        exitRequested = true;
        stopRequestedAt = now;
        phase = during;
        ready(false, during.name());
        if (s.state() == SystemState.Running && !timeout.isZero()) {
          flush(); // record that the exit is ours before the host can report it
          host.shutDown(s.id());
          return ReconcileResult.requeueAfter(timeout);
        }
        flush();
        host.terminate(s.id());
        return ReconcileResult.requeueAfter(STOP_RECHECK);
      }
      Instant deadline = stopRequestedAt.plus(timeout);
      if (!now.isBefore(deadline)) {
        host.terminate(s.id());
        return ReconcileResult.requeueAfter(STOP_RECHECK);
      }
      return ReconcileResult.requeueAfter(Duration.between(now, deadline));
    }

    private int timeoutSeconds() {
      Integer t = def.spec().shutdownTimeoutSeconds();
      return t == null ? 60 : t;
    }

    private ReconcileResult stopped(Optional<ObservedSystem> observed, Phase during) {
      restartPending = false;
      nextRetryAt = null;
      if (observed.isPresent()) {
        return stopCurrent(observed.get(), during == Phase.Stopped ? Phase.Stopping : during);
      }
      if (incarnation > 0) {
        exits.take(currentId());
        exitHandledIncarnation = incarnation;
      }
      stopRequestedAt = null;
      runningSince = null;
      if (phase != Phase.Stopped) {
        event(EventType.Stopped, "Stopped as asked");
      }
      phase = Phase.Stopped;
      message = null;
      ready(false, "Stopped");
      return ReconcileResult.DONE;
    }

    private ReconcileResult paused(Optional<ObservedSystem> observed) {
      if (observed.isEmpty() || exitRequested) {
        ReconcileResult r = running(observed);
        return phase == Phase.Running ? ReconcileResult.requeueAfter(Duration.ZERO) : r;
      }
      ObservedSystem s = observed.get();
      if (s.state() == SystemState.Running) {
        host.pause(s.id());
        inventory.systemState(s.id(), SystemState.Paused);
        event(EventType.Paused, "Paused compute system " + s.id());
      } else if (s.state() == SystemState.Created) {
        host.start(s.id());
        inventory.systemState(s.id(), SystemState.Running);
        return ReconcileResult.requeueAfter(Duration.ZERO);
      }
      phase = Phase.Paused;
      message = null;
      ready(false, "Paused");
      return ReconcileResult.DONE;
    }

    private ReconcileResult saved(Optional<ObservedSystem> observed) {
      restartPending = false;
      nextRetryAt = null;
      if (observed.isEmpty()) {
        if (savedStateFile == null) {
          return stopped(observed, Phase.Stopped);
        }
        if (incarnation > 0) {
          exits.take(currentId());
          exitHandledIncarnation = incarnation;
        }
        if (phase != Phase.Saved) {
          event(EventType.Saved, "Saved to " + savedStateFile);
        }
        phase = Phase.Saved;
        message = null;
        ready(false, "Saved");
        return ReconcileResult.DONE;
      }
      ObservedSystem s = observed.get();
      if (exitRequested) {
        return stopCurrent(s, Phase.Saving);
      }
      if (s.state() == SystemState.Running) {
        host.pause(s.id());
      } else if (s.state() != SystemState.Paused) {
        return stopCurrent(s, Phase.Stopping);
      }
      String file = specs.stateFile(id, incarnation);
      phase = Phase.Saving;
      resources.ensureStateFile(file);
      host.save(s.id(), file);
      savedStateFile = file;
      exitRequested = true;
      stopRequestedAt = now;
      flush();
      host.terminate(s.id());
      return ReconcileResult.requeueAfter(STOP_RECHECK);
    }

    // ---- Deleting ----

    private ReconcileResult delete() {
      phase = Phase.Deleting;
      ready(false, "Deleting");
      String sysId = currentId();
      Optional<ObservedSystem> observed = sysId == null ? Optional.empty() : host.inspect(sysId);
      if (observed.isPresent() && observed.get().state() != SystemState.Stopped) {
        return stopCurrent(observed.get(), Phase.Deleting);
      }
      if (sysId != null) {
        host.release(sysId);
        exits.take(sysId);
      }
      DefinitionSpec spec = def.spec();
      for (NetworkAdapterSpec a : SystemSpecs.adapters(spec)) {
        resources.deleteEndpoint(SystemIds.endpointId(id, a.name()));
      }
      for (HvSocketSpec h : SystemSpecs.hvSockets(spec)) {
        resources.unregisterHvSocket(h.serviceId());
      }
      for (DiskSpec d : SystemSpecs.disks(spec)) {
        if (d.parent() != null || d.sizeGB() != null) {
          resources.deleteDisk(specs.diskPath(id, d));
        }
      }
      if (savedStateFile != null) {
        resources.deleteFile(savedStateFile);
      }
      // the definition's own folder, now that its files are gone (left alone if not empty)
      resources.deleteEmptyDirectory(specs.folder(id).toString());
      definitions.remove(id);
      inventory.forget(id);
      removed = true;
      return ReconcileResult.DONE;
    }

    // ---- status ----

    void fail(String why) {
      phase = Phase.Failed;
      holdGeneration = def.generation();
      if (!Objects.equals(why, message)) {
        event(EventType.Failed, why);
      }
      message = why;
      ready(false, "Failed");
    }

    void error(RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (!Objects.equals(why, message)) {
        event(EventType.Error, why);
      }
      message = why;
    }

    void observed() {
      if (!removed) {
        observedGeneration = def.generation();
      }
    }

    private String kindLabel() {
      return def.kind().name();
    }

    private void ready(boolean ready, String reason) {
      condition("Ready", ready, reason, "");
    }

    private void condition(String type, boolean status, String reason, String text) {
      String value = status ? "True" : "False";
      Condition old = conditions.get(type);
      if (old != null
          && old.status().equals(value)
          && Objects.equals(old.reason(), reason)
          && Objects.equals(old.message(), text)) {
        return;
      }
      Instant since = old != null && old.status().equals(value) ? old.lastTransitionTime() : now;
      conditions.put(type, new Condition(type, value, reason, text, since));
    }

    private void event(EventType type, String text) {
      // stored with the next status write, in its transaction (see flush)
      pendingEvents.add(
          new NewEvent(type, text, currentId(), incarnation > 0 ? incarnation : null));
    }

    void flush() {
      if (removed) {
        return;
      }
      DefinitionStatus status =
          new DefinitionStatus(
              phase,
              observedGeneration,
              incarnation > 0 ? currentId() : null,
              incarnation,
              restartCount,
              lastExit,
              nextRetryAt,
              message,
              new ArrayList<>(conditions.values()),
              new ReconcileMemo(
                  systemGeneration,
                  backoffStreak,
                  runningSince,
                  savedStateFile,
                  observedStartRequests,
                  observedRestartRequests,
                  stopRequestedAt,
                  exitRequested,
                  startedIncarnation,
                  specHash,
                  holdGeneration,
                  exitHandledIncarnation,
                  restartPending,
                  processIncarnation,
                  provisionedGeneration,
                  restoredFrom));
      boolean changed = !status.equals(current);
      if (changed || !pendingEvents.isEmpty()) {
        definitions.updateStatus(id, changed ? status : null, List.copyOf(pendingEvents));
        pendingEvents.clear();
        current = status;
      }
      inventory.record(id, def.kind(), phase, incarnation > 0 ? currentId() : null);
    }
  }
}
