package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  WorkQueue<String> queue = new WorkQueue<>(Duration.ofMillis(5), Duration.ofSeconds(30));

  @AfterEach
  void close() {
    queue.shutDown();
  }

  @Test
  void aPausedQueueHandsOutNothingAndKeepsItsKeysForTheResume() throws InterruptedException {
    queue.add("a");
    queue.pause();
    queue.add("b");

    assertThat(queue.take()).isNull();
    queue.resume();

    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
  }

  @Test
  void aPauseWakesAWaitingWorker() throws Exception {
    CompletableFuture<String> taken = CompletableFuture.supplyAsync(this::takeOrFail);

    queue.pause();

    assertThat(taken.get(10, TimeUnit.SECONDS)).isNull();
  }

  private String takeOrFail() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWaitingKeyIsNotQueuedTwice() throws InterruptedException {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
    assertThat(queue.depth()).isZero();
  }

  @Test
  void aKeyAddedWhileInProcessRunsAgainAfterDoneButNotConcurrently() throws InterruptedException {
    queue.add("a");
    String key = queue.take();
    queue.add("a");
    assertThat(queue.depth()).as("not handed out while in process").isZero();
    queue.done(key);
    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void oneKeyIsNeverProcessedByTwoWorkersAtOnce() throws InterruptedException {
    int workers = 4;
    ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    CountDownLatch stop = new CountDownLatch(workers);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  String k;
                  while ((k = queue.take()) != null) {
                    AtomicInteger n = inFlight.computeIfAbsent(k, x -> new AtomicInteger());
                    if (n.incrementAndGet() > 1) {
                      overlaps.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    n.decrementAndGet();
                    processed.incrementAndGet();
                    queue.done(k);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  stop.countDown();
                }
              });
      t.start();
      threads.add(t);
    }
    for (int i = 0; i < 20_000; i++) {
      queue.add("k" + (i % 3));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 0);
    queue.shutDown();
    assertThat(stop.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(overlaps.get()).isZero();
    assertThat(processed.get()).isPositive();
  }

  @Test
  void delayedAddArrivesAfterItsDelayAndTheEarliestDeadlineWins() throws InterruptedException {
    queue.addAfter("a", Duration.ofSeconds(30));
    queue.addAfter("a", Duration.ofMillis(50));
    assertThat(queue.depth()).isZero();
    await().atMost(Duration.ofSeconds(2)).until(() -> queue.depth() == 1);
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void failuresDelayExponentiallyPerKeyAndForgetResets() {
    assertThat(queue.failureDelay(0)).isEqualTo(Duration.ofMillis(5));
    assertThat(queue.failureDelay(3)).isEqualTo(Duration.ofMillis(40));
    assertThat(queue.failureDelay(30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(queue.addRateLimited("b")).isEqualTo(Duration.ofMillis(5));
    queue.forget("a");
    assertThat(queue.addRateLimited("a")).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void shutDownReleasesWaitingWorkers() throws InterruptedException {
    CountDownLatch released = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                if (queue.take() == null) {
                  released.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    t.start();
    queue.shutDown();
    assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aWorkerWaitingInTakeWakesWhenAKeyAddedDuringItsPassIsRequeued() throws InterruptedException {
    queue.add("a");
    String key = queue.take();
    List<String> taken = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread waiting =
        new Thread(
            () -> {
              try {
                taken.add(queue.take());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiting.start();
    queue.add("a"); // the lost wake-up: added while "a" is in process
    assertThat(queue.inFlight()).isEqualTo(1);
    queue.done(key);
    await().atMost(Duration.ofSeconds(5)).until(() -> taken.contains("a"));
    assertThat(queue.inFlight()).isEqualTo(1);
    assertThat(queue.depth()).isZero();
  }

  @Test
  void aKeyDoneWithoutANewAddIsNotQueuedAgain() throws InterruptedException {
    queue.add("a");
    queue.done(queue.take());
    assertThat(queue.depth()).isZero();
    assertThat(queue.inFlight()).isZero();
    queue.add("a");
    assertThat(queue.depth()).as("a finished key can be added again").isEqualTo(1);
  }

  @Test
  void aLaterDeadlineDoesNotPostponeAnEarlierOne() throws InterruptedException {
    queue.addAfter("a", Duration.ofMillis(50));
    queue.addAfter("a", Duration.ofSeconds(30));
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void aKeyCanBeDelayedAgainAfterItsDelayFired() throws InterruptedException {
    queue.addAfter("a", Duration.ofMillis(20));
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    queue.done(queue.take());
    queue.addAfter("a", Duration.ofMillis(20));
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    assertThat(queue.take()).isEqualTo("a");
  }

  @Test
  void aZeroOrNegativeDelayAddsAtOnce() {
    queue.addAfter("a", Duration.ZERO);
    queue.addAfter("b", Duration.ofMillis(-5));
    assertThat(queue.depth()).isEqualTo(2);
  }

  @Test
  void afterShutDownAddsAreIgnoredAndPendingDelaysNeverArrive() throws InterruptedException {
    queue.add("a");
    String key = queue.take();
    queue.add("a");
    queue.addAfter("b", Duration.ofMillis(10));
    queue.shutDown();
    queue.add("c");
    queue.addAfter("d", Duration.ofMillis(10));
    queue.done(key);
    assertThat(queue.take()).isNull();
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> queue.depth() == 0);
  }

  @Test
  void theFailureDelayIsCappedAtItsMaximumAndNeverOverflows() {
    WorkQueue<String> q = new WorkQueue<>(Duration.ofSeconds(1), Duration.ofSeconds(8));
    try {
      assertThat(q.failureDelay(2)).isEqualTo(Duration.ofSeconds(4));
      assertThat(q.failureDelay(3)).as("exactly the maximum").isEqualTo(Duration.ofSeconds(8));
      assertThat(q.failureDelay(4)).isEqualTo(Duration.ofSeconds(8));
      assertThat(q.failureDelay(61)).isEqualTo(Duration.ofSeconds(8));
      assertThat(q.failureDelay(62)).isEqualTo(Duration.ofSeconds(8));
      assertThat(q.failureDelay(63)).isEqualTo(Duration.ofSeconds(8));
      assertThat(q.failureDelay(1000)).isEqualTo(Duration.ofSeconds(8));
    } finally {
      q.shutDown();
    }
  }

  @Test
  void aFailureCountPastTheShiftWidthStaysAtTheMaximum() {
    // a long shift uses the count modulo 64: 64 failures would shift by 0 and start over at 1 s
    WorkQueue<String> q = new WorkQueue<>(Duration.ofSeconds(1), Duration.ofSeconds(8));
    try {
      assertThat(q.failureDelay(64)).isEqualTo(Duration.ofSeconds(8));
      assertThat(q.failureDelay(65)).isEqualTo(Duration.ofSeconds(8));
    } finally {
      q.shutDown();
    }
  }
}
