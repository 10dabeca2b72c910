package dev.hcsorchestrator.host;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The processes {@link ComputeHost#runProcess} waits for, by system and process id. A process is
 * registered under its system's lock, which its exit event takes too, so an exit that arrives right
 * after the create still finds its wait.
 */
final class ProcessWaits {

  /** A registered process: its id and its exit code to come. */
  static final class Wait {
    private final int processId;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private boolean abandoned; // guarded by the system's lock

    Wait(int processId) {
      this.processId = processId;
    }

    int processId() {
      return processId;
    }

    CompletableFuture<Integer> exit() {
      return exit;
    }
  }

  private final Map<String, Wait> waits = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** Creates the process ({@code create} returns its id) and registers its wait. */
  Wait start(String systemId, IntSupplier create) {
    synchronized (lock(systemId)) {
      Wait w = new Wait(create.getAsInt());
      waits.put(key(systemId, w.processId), w);
      return w;
    }
  }

  /**
   * The waiter is done. A process that has not exited yet (it timed out and was terminated) stays
   * registered until its exit arrives, so that the exit reaches no subscriber either.
   */
  void done(String systemId, int processId) {
    synchronized (lock(systemId)) {
      Wait w = waits.get(key(systemId, processId));
      if (w == null) {
        return;
      }
      if (w.exit.isDone()) {
        waits.remove(key(systemId, processId));
      } else {
        w.abandoned = true;
      }
    }
  }

  /** Completes the wait of an exited process; false when nobody waits for it (the workload). */
  boolean exited(HostEvent.ProcessExited e) {
    synchronized (lock(e.systemId())) {
      Wait w = waits.get(key(e.systemId(), e.processId()));
      if (w == null) {
        return false;
      }
      w.exit.complete(e.exitCode());
      if (w.abandoned) {
        waits.remove(key(e.systemId(), e.processId()));
      }
      return true;
    }
  }

  /** The system is gone. */
  void forget(String systemId) {
    waits.keySet().removeIf(k -> k.startsWith(systemId + "/"));
    locks.remove(systemId);
  }

  private Object lock(String systemId) {
    return locks.computeIfAbsent(systemId, k -> new Object());
  }

  private static String key(String systemId, int pid) {
    return systemId + "/" + pid;
  }
}
