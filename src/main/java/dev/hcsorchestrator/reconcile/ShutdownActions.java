package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostEvent;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host is shutting down: every definition's {@code hostShutdownAction}, in parallel, within one
 * deadline. First the reconciler is closed (see {@link ShutdownGate}): no pass restarts what the
 * actions end. Desired states are not touched. Each action records what it does in the bookkeeping
 * ({@code hostShutdown}, and the state file of a save) and writes it ahead of the host call, as the
 * steps do, so that the next start (the host's boot) restores a saved VM from its file and starts
 * the others afresh, none of it counted as a restart.
 *
 * <ul>
 *   <li>{@code Save} (VM): pause for the save, grant the incarnation's state file to the VM, save
 *       to it, terminate (as {@link SavedStep}); phase {@code Saved}, event {@code Saved}; {@code
 *       lastExit} unchanged (the workload did not end). A failed save falls back to terminate.
 *   <li>{@code ShutDown}: graceful shutdown, terminate at {@code shutdownTimeoutSeconds} or the
 *       overall deadline, whichever is first; {@code lastExit} {@code GracefulExit} or {@code
 *       ForcedExit}, phase {@code Stopped}, event {@code Stopped}.
 *   <li>{@code TurnOff}: terminate; {@code lastExit} {@code ForcedExit}, phase {@code Stopped}.
 * </ul>
 */
final class ShutdownActions {

  /** What a host shutdown did, for the log and for tests. */
  record Outcome(Map<UUID, HostShutdownAction> done, List<UUID> unfinished) {}

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownActions.class);
  static final String REASON = "HostShutdown";

  private final PassTools tools;
  private final Clock clock;
  private final ShutdownGate gate;
  private final Map<String, CountDownLatch> exits = new ConcurrentHashMap<>();

  ShutdownActions(PassTools tools, Clock clock, ShutdownGate gate) {
    this.tools = tools;
    this.clock = clock;
    this.gate = gate;
  }

  Outcome carryOut(List<UUID> ids, Duration timeout) {
    long startNanos = System.nanoTime();
    // a margin for the last status writes before the host goes down
    Duration margin =
        timeout.dividedBy(10).compareTo(Duration.ofSeconds(2)) > 0
            ? Duration.ofSeconds(2)
            : timeout.dividedBy(10);
    long deadlineNanos = startNanos + timeout.minus(margin).toNanos();
    if (!gate.close(timeout.dividedBy(4))) {
      LOG.warn(
          "Host shutdown: passes still in flight after {}; acting anyway", timeout.dividedBy(4));
    }
    Map<UUID, HostShutdownAction> done = new ConcurrentHashMap<>();
    List<UUID> unfinished = new ArrayList<>();
    ComputeHost.Subscription subscription = tools.host().subscribe(this::onEvent);
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "host-shutdown-action");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (UUID id : ids) {
        futures.add(pool.submit(() -> act(id, deadlineNanos).ifPresent(a -> done.put(id, a))));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          unfinished.add(ids.get(i));
        } catch (java.util.concurrent.ExecutionException e) {
          unfinished.add(ids.get(i));
          LOG.warn("Host shutdown action for {} failed: {}", ids.get(i), e.getCause().toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      pool.shutdown();
      subscription.close();
    }
    LOG.info(
        "Host shutdown: {} workload(s) acted on, {} unfinished", done.size(), unfinished.size());
    return new Outcome(Map.copyOf(done), List.copyOf(unfinished));
  }

  private void onEvent(HostEvent event) {
    if (event instanceof HostEvent.SystemExited exited) {
      CountDownLatch latch = exits.get(exited.systemId());
      if (latch != null) {
        latch.countDown();
      }
    }
  }

  /** One definition's action; empty when it has no running or paused system. */
  private Optional<HostShutdownAction> act(UUID id, long deadlineNanos) {
    Optional<Definition> found = tools.definitions().get(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Definition def = found.get();
    StatusDraft s = new StatusDraft(tools.definitions(), tools.inventory(), def, clock.instant());
    String sysId = s.currentId();
    if (sysId == null) {
      return Optional.empty();
    }
    CountDownLatch exited = new CountDownLatch(1);
    exits.put(sysId, exited);
    Optional<ObservedSystem> observed = tools.host().inspect(sysId);
    if (observed.isEmpty()
        || (observed.get().state() != SystemState.Running
            && observed.get().state() != SystemState.Paused)) {
      return Optional.empty();
    }
    HostShutdownAction action = action(def);
    ObservedSystem sys = observed.get();
    s.hostShutdownBegins(action, REASON); // none of these exits is a restart cause
    switch (action) {
      case Save -> save(s, sys);
      case ShutDown -> shutDown(s, sys, exited, deadlineNanos);
      case TurnOff -> turnOff(s, sys, "turned off");
    }
    s.commit();
    return Optional.of(s.memory().hostShutdown());
  }

  static HostShutdownAction action(Definition def) {
    HostShutdownAction a = def.spec().hostShutdownAction();
    if (a == null) {
      a = HostShutdownAction.defaultFor(def.kind());
    }
    // a container has no saved state (validation refuses Save for one)
    return a == HostShutdownAction.Save && def.kind() != Kind.VirtualMachine
        ? HostShutdownAction.ShutDown
        : a;
  }

  private void save(StatusDraft s, ObservedSystem sys) {
    String file = tools.specs().stateFile(s.id, s.incarnation());
    s.saving();
    s.writeAhead(); // the host shutdown is recorded before the host acts
    try {
      if (sys.state() == SystemState.Running) {
        tools.host().pauseToSave(sys.id());
      }
      tools.resources().ensureStateFile(file);
      // the VM's worker process writes the file: granted (recorded ahead) as the saved step does
      new Grants(tools).grant(s, sys.id(), file);
      tools.host().save(sys.id(), file);
    } catch (HostException | Reconciler.TerminalError e) {
      s.event(EventType.Error, "Host shutdown: save failed (" + e.getMessage() + ")");
      turnOff(s, sys, "turned off after the save failed");
      s.hostShutdownTook(HostShutdownAction.TurnOff, Phase.Stopped, null);
      return;
    }
    s.savedTo(file);
    s.hostShutdownTook(HostShutdownAction.Save, Phase.Saved, null);
    s.event(EventType.Saved, "Host shutdown: saved compute system " + sys.id() + " to " + file);
    s.writeAhead(); // the state file is recorded before the system that wrote it goes
    terminate(sys.id());
  }

  private void shutDown(StatusDraft s, ObservedSystem sys, CountDownLatch exited, long deadline) {
    s.hostShutdownTook(HostShutdownAction.ShutDown, Phase.Stopping, null);
    s.writeAhead(); // the exit is ours before the host can report it
    Integer seconds = s.def.spec().shutdownTimeoutSeconds();
    long own = System.nanoTime() + Duration.ofSeconds(seconds == null ? 60 : seconds).toNanos();
    long until = Math.min(own, deadline);
    boolean graceful = false;
    if (sys.state() == SystemState.Running && until > System.nanoTime()) {
      try {
        tools.host().shutDown(sys.id());
        graceful = exited.await(until - System.nanoTime(), TimeUnit.NANOSECONDS) || gone(sys.id());
      } catch (HostException e) {
        graceful = gone(sys.id());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (graceful) {
      s.hostShutdownTook(
          HostShutdownAction.ShutDown,
          Phase.Stopped,
          new LastExit(ExitType.GracefulExit, null, clock.instant()));
      s.event(EventType.Stopped, "Host shutdown: compute system " + sys.id() + " shut down");
      return;
    }
    turnOff(s, sys, "terminated after the graceful shutdown time");
  }

  private void turnOff(StatusDraft s, ObservedSystem sys, String how) {
    s.writeAhead(); // the exit is ours before the host can report it
    terminate(sys.id());
    s.hostShutdownTook(
        s.memory().hostShutdown(),
        Phase.Stopped,
        new LastExit(ExitType.ForcedExit, null, clock.instant()));
    s.event(EventType.Stopped, "Host shutdown: compute system " + sys.id() + " " + how);
  }

  private void terminate(String sysId) {
    try {
      tools.host().terminate(sysId);
    } catch (HostException e) {
      // gone already, or the host refuses: it powers off anyway
      LOG.debug("Host shutdown: terminate of {}: {}", sysId, e.toString());
    }
    tools.inventory().systemState(sysId, null);
  }

  private boolean gone(String sysId) {
    return tools.host().inspect(sysId).map(o -> o.state() == SystemState.Stopped).orElse(true);
  }
}
