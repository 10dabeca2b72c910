package dev.hcsorchestrator.reconcile;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes the service's own threads have allocated on the heap (HotSpot counts them per thread,
 * exactly): the reconcile workers and the resync thread, the fleet and simulator threads, the watch
 * feed, and the thread that takes the reading. Any work, in our code, in the database engine (H2
 * runs on the calling thread) or in a library, allocates; work that grows with the number of
 * definitions shows as bytes that grow with it. The test harness's own threads (Awaitility's
 * pollers) are left out.
 */
final class AllocatedBytes {

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();

  /** Starts counting from now. */
  AllocatedBytes() {
    start.putAll(now());
  }

  /** Bytes allocated since construction by the counted threads (those alive at this reading). */
  long since() {
    long sum = 0;
    for (Map.Entry<Long, Long> e : now().entrySet()) {
      sum += e.getValue() - start.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  private Map<Long, Long> now() {
    Map<Long, Long> bytes = new HashMap<>();
    long self = Thread.currentThread().getId();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      boolean counted =
          t.getId() == self
              || name.startsWith("reconcile-")
              || name.startsWith("hcs-")
              || name.startsWith("watch-feed")
              || name.startsWith("work-queue-timer")
              || name.startsWith("health-probe-");
      if (counted) {
        long b = threads.getThreadAllocatedBytes(t.getId());
        if (b >= 0) {
          bytes.put(t.getId(), b);
        }
      }
    }
    return bytes;
  }
}
