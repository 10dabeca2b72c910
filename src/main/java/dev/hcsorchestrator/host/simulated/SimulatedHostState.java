package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.ProcessStatus;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemExitStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the simulated host holds: its systems (kept under a directory so they outlive a restart),
 * the ids held open, its own thread for events and delayed exits, latencies. Shared by {@link
 * SimulatedComputeCore} and {@link SimulatedProcesses}.
 */
final class SimulatedHostState {

  private static final Logger log = LoggerFactory.getLogger(SimulatedHostState.class);

  final SimulatorStore store;
  final Map<String, Duration> latency;
  final Map<String, SimSystem> systems = new ConcurrentHashMap<>();
  final Set<String> open = ConcurrentHashMap.newKeySet();
  final AtomicInteger lastPid = new AtomicInteger(1000);
  final ScheduledExecutorService worker;
  final SimulatedSharedDisks sharedDisks;
  volatile HcsEventListener listener;

  SimulatedHostState(Path stateDir, SimulatorSettings settings) {
    this.store = new SimulatorStore(stateDir);
    this.latency = settings.latency();
    this.sharedDisks = new SimulatedSharedDisks(settings.sharedState());
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hcs-simulator");
              t.setDaemon(true);
              return t;
            });
    for (SimulatorStore.SystemRecord rec : store.loadSystems()) {
      SimSystem s = SimSystem.from(rec);
      if (!reopenDisks(s)) {
        continue;
      }
      systems.put(s.id, s);
      s.processes.keySet().forEach(pid -> lastPid.accumulateAndGet(pid, Math::max));
    }
    if (!systems.isEmpty()) {
      log.info("Simulated host: {} compute systems restored from {}", systems.size(), stateDir);
    }
  }

  /**
   * A system that outlived the service holds its disks again. The simulated host lives in the
   * service's process, so a process that died (kill -9) was a host that lost power: a disk another
   * host opened since shows the system could not have kept running, and it is gone (false).
   */
  private boolean reopenDisks(SimSystem s) {
    if (s.gone || s.state == State.Stopped) {
      return true;
    }
    try {
      sharedDisks.open("restore", s.id, HcsJson.lenient(s.document(), ComputeSystem.class));
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "Simulated host: {} is gone: another host holds its disks ({})", s.id, e.getMessage());
      try {
        store.delete(s.id);
      } catch (IOException io) {
        log.warn("Simulated host: could not delete the state of {}: {}", s.id, io.toString());
      }
      return false;
    }
  }

  /** An exit from outside that happens as the next call of an operation reaches the system. */
  record RacedExit(String operation, NotificationType exitType) {}

  final Map<String, RacedExit> racedExits = new ConcurrentHashMap<>();

  /**
   * The call of {@code operation} on system {@code id} arrives: an exit raced against it happens
   * first, so the call meets a stopped system and answers as HCS does then.
   */
  void race(String operation, String id) {
    if (racedExits.isEmpty() || id == null) {
      return;
    }
    RacedExit r = racedExits.get(id);
    if (r != null && r.operation().equals(operation) && racedExits.remove(id, r)) {
      SimSystem s = systems.get(id);
      if (s != null) {
        exit(s, r.exitType(), 0);
      }
    }
  }

  void exit(SimSystem s, NotificationType exitType, int status) {
    List<HcsEvent> events = new ArrayList<>();
    synchronized (s) {
      if (s.gone) {
        return;
      }
      s.gone = true;
      s.exitType = exitType;
      s.state = State.Stopped;
      sharedDisks.close(s.id);
      for (SimProcess p : List.copyOf(s.processes.values())) {
        if (!p.exited()) {
          s.processes.put(
              p.pid(),
              new SimProcess(
                  p.pid(), p.image(), true, SimulatedComputeCore.EXIT_CODE_SYSTEM_STOPPED));
          events.add(processExited(s.id, p.pid(), SimulatedComputeCore.EXIT_CODE_SYSTEM_STOPPED));
        }
      }
      events.add(
          new HcsEvent(
              HcsEvent.SYSTEM_EXITED,
              s.id,
              null,
              HcsJson.write(new SystemExitStatus(status, exitType))));
      try {
        store.delete(s.id);
      } catch (IOException e) {
        log.warn("Simulated host: could not delete the state of {}: {}", s.id, e.toString());
      }
      if (!open.contains(s.id)) {
        systems.remove(s.id, s);
      }
    }
    post(s.id, events);
  }

  static HcsEvent processExited(String systemId, int pid, int exitCode) {
    return new HcsEvent(
        HcsEvent.PROCESS_EXITED,
        systemId,
        pid,
        HcsJson.write(new ProcessStatus((long) pid, true, Integer.toUnsignedLong(exitCode), 0)));
  }

  /** Events go out on the simulator's own thread, in order, and only for systems held open. */
  void post(String systemId, List<HcsEvent> events) {
    run(
        () -> {
          if (open.contains(systemId)) {
            events.forEach(this::deliver);
          }
        });
  }

  void deliver(HcsEvent event) {
    HcsEventListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("Simulated host: event listener failed on {}", event, e);
    }
  }

  void later(String operation, Runnable action) {
    Duration d = latency.getOrDefault(operation, Duration.ZERO);
    if (d.isZero() || d.isNegative()) {
      run(action);
    } else {
      worker.schedule(action, d.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** Tasks handed to the worker that have not finished: what {@link #awaitQuiet} waits out. */
  private final AtomicInteger due = new AtomicInteger();

  /** Runs {@code action} on the simulator's thread, after everything handed to it before. */
  void run(Runnable action) {
    due.incrementAndGet();
    try {
      worker.execute(
          () -> {
            try {
              action.run();
            } finally {
              due.decrementAndGet();
            }
          });
    } catch (RuntimeException e) {
      due.decrementAndGet();
      throw e;
    }
  }

  /**
   * Waits until every exit and event already due (not one a latency still holds back) has run,
   * including what those runs handed on: after it, the host is as its callers left it.
   */
  void awaitQuiet() {
    while (due.get() > 0) {
      try {
        worker.submit(() -> {}).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the simulator", e);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException
          | java.util.concurrent.RejectedExecutionException e) {
        throw new IllegalStateException("the simulator's thread is stuck or stopped", e);
      }
    }
  }

  void delay(String operation) {
    Duration d = latency.get(operation);
    if (d != null && !d.isZero() && !d.isNegative()) {
      // The caller's thread waits, as it would inside the native call.
      LockSupport.parkNanos(d.toNanos());
    }
  }

  SimSystem live(String fn, String id) {
    SimSystem s = id == null ? null : systems.get(id);
    if (s == null || (s.gone && !open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    return s;
  }

  static void requireLive(String fn, SimSystem s) {
    if (s.gone) {
      throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_STOPPED, "compute system " + s.id + " stopped");
    }
  }

  void persist(String fn, SimSystem s) {
    try {
      store.save(s.toRecord());
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, "simulator state not written: " + e);
    }
  }
}
