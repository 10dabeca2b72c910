package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Soak (docs/reliability.md): 1,000 definitions on the simulated host for 10 minutes, one running
 * VM exiting from outside every second (guest crash or shutdown, at random). Prints the restart
 * latency distribution (exit to the replacement reported {@code Running}) and the heap after a full
 * collection and the live thread count at start and end; fails when a replacement does not come
 * within 10 s, or the heap or the threads grew by more than half. Not part of {@code ./mvnw
 * verify}: {@code ./mvnw -Preliability test -Dtest=SoakRun} ({@code -Dsoak.minutes}, {@code
 * -Dsoak.definitions}).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/soak-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.fleet.capacity.processors=100000",
      "hcs.fleet.capacity.memory-mb=100000000",
      "hcs.restart.backoff.initial=1ms",
      "logging.level.root=WARN"
    })
@DirtiesContext
class SoakRun {

  static final int MINUTES = Integer.getInteger("soak.minutes", 10);
  static final int DEFINITIONS = Integer.getInteger("soak.definitions", 1000);

  @Autowired Definitions definitions;
  @Autowired SimulatedComputeCore host;

  @Test
  void tenMinutesOfAnExitEverySecondLeaveHeapAndThreadsFlat() throws Exception {
    for (int i = 0; i < DEFINITIONS; i++) {
      definitions.create(ReconcileBenchmark.vm("soak-" + i));
    }
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> IntStream.range(0, DEFINITIONS).allMatch(i -> running("soak-" + i)));
    long heapStart = heapAfterGc();
    int threadsStart = liveThreads();

    List<Long> latencies = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofMinutes(MINUTES).toNanos();
    int timeouts = 0;
    while (System.nanoTime() < end) {
      long tick = System.nanoTime();
      String name = "soak-" + ThreadLocalRandom.current().nextInt(DEFINITIONS);
      Optional<Definition> d = definitions.find(name);
      String id = d.map(x -> x.status().computeSystemId()).orElse(null);
      if (id != null && d.get().status().phase() == Phase.Running) {
        NotificationType how =
            ThreadLocalRandom.current().nextBoolean()
                ? NotificationType.UnexpectedExit
                : NotificationType.GracefulExit;
        long start = System.nanoTime();
        if (host.exitFromOutside(id, how, 1)) {
          long deadline = start + Duration.ofSeconds(10).toNanos();
          while (!replaced(name, id) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(0, 200_000);
          }
          if (replaced(name, id)) {
            latencies.add(System.nanoTime() - start);
          } else {
            timeouts++;
          }
        }
      }
      long rest = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - tick);
      if (rest > 0) {
        Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
      }
    }
    long heapEnd = heapAfterGc();
    int threadsEnd = liveThreads();

    latencies.sort(null);
    System.out.printf(
        "%nSoak: %d definitions, %d min, %d exits replaced, %d not within 10 s (load average %.1f)%n",
        DEFINITIONS,
        MINUTES,
        latencies.size(),
        timeouts,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf(
        "restart latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
        LoadRun.pct(latencies, 0.50),
        LoadRun.pct(latencies, 0.90),
        LoadRun.pct(latencies, 0.99),
        latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6);
    System.out.printf(
        "heap after GC: start %d MB, end %d MB; threads: start %d, end %d%n",
        heapStart >> 20, heapEnd >> 20, threadsStart, threadsEnd);
    assertThat(timeouts).isZero();
    assertThat(heapEnd).isLessThan(heapStart + heapStart / 2);
    assertThat(threadsEnd).isLessThanOrEqualTo(threadsStart + threadsStart / 2);
  }

  boolean running(String name) {
    return definitions.find(name).map(d -> d.status().phase() == Phase.Running).orElse(false);
  }

  boolean replaced(String name, String oldId) {
    return definitions
        .find(name)
        .map(
            d ->
                d.status().phase() == Phase.Running
                    && d.status().computeSystemId() != null
                    && !d.status().computeSystemId().equals(oldId))
        .orElse(false);
  }

  /** Every live thread of the JVM, not only those of the caller's group. */
  static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
