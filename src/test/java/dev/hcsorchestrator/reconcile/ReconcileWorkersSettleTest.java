package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a pass's result does to the work queue (requeue, backoff or forget) and how it counts. */
class ReconcileWorkersSettleTest {

  static final Duration BASE = Duration.ofMillis(40);

  WorkQueue<String> queue = new WorkQueue<>(BASE, Duration.ofSeconds(30));

  @AfterEach
  void close() {
    queue.shutDown();
  }

  private String taken() throws InterruptedException {
    queue.add("k");
    return queue.take();
  }

  @Test
  void doneForgetsTheFailuresAndDoesNotRetry() throws InterruptedException {
    queue.addRateLimited("k"); // two earlier failures
    queue.addRateLimited("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    String key = queue.take();

    assertThat(ReconcileWorkers.settle(queue, key, () -> ReconcileResult.DONE))
        .isEqualTo("success");

    assertThat(queue.inFlight()).isZero();
    await()
        .during(BASE.multipliedBy(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.depth() == 0);
    assertThat(queue.addRateLimited("k")).as("the backoff starts over").isEqualTo(BASE);
  }

  @Test
  void requeueAfterAddsTheKeyAfterTheDelayAndForgetsTheFailures() throws InterruptedException {
    queue.addRateLimited("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    String key = queue.take();

    assertThat(
            ReconcileWorkers.settle(
                queue, key, () -> ReconcileResult.requeueAfter(Duration.ofMillis(100))))
        .isEqualTo("requeue");

    assertThat(queue.depth()).as("not before its delay").isZero();
    assertThat(queue.inFlight()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    assertThat(queue.take()).isEqualTo("k");
    assertThat(queue.addRateLimited("k")).isEqualTo(BASE);
  }

  @Test
  void anExceptionRetriesAfterARateLimitedBackoffThatGrows() throws InterruptedException {
    String key = taken();
    assertThat(
            ReconcileWorkers.settle(
                queue,
                key,
                () -> {
                  throw new IllegalStateException("host unavailable");
                }))
        .isEqualTo("error");
    assertThat(queue.inFlight()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);

    String again = queue.take();
    ReconcileWorkers.settle(
        queue,
        again,
        () -> {
          throw new IllegalStateException("still unavailable");
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    assertThat(queue.addRateLimited("k"))
        .as("two failures recorded, so the third waits four times the base")
        .isEqualTo(BASE.multipliedBy(4));
  }

  @Test
  void aTerminalResultForgetsTheFailuresDoesNotRetryAndCountsAsTerminal()
      throws InterruptedException {
    queue.addRateLimited("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    String key = queue.take();

    assertThat(ReconcileWorkers.settle(queue, key, () -> ReconcileResult.TERMINAL))
        .isEqualTo("terminal");

    assertThat(queue.inFlight()).isZero();
    await()
        .during(BASE.multipliedBy(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.depth() == 0);
    assertThat(queue.addRateLimited("k")).as("the backoff starts over").isEqualTo(BASE);
  }

  @Test
  void anErrorThrownByAPassIsAPanicRetriedWithBackoffAndGoesNoFurther()
      throws InterruptedException {
    String key = taken();

    assertThat(
            ReconcileWorkers.settle(
                queue,
                key,
                () -> {
                  throw new UnsatisfiedLinkError(
                      "Error looking up function 'HcsStartComputeSystem'");
                }))
        .isEqualTo("panic");

    assertThat(queue.inFlight()).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.depth() == 1);
    assertThat(queue.take()).isEqualTo("k");
    assertThat(queue.addRateLimited("k"))
        .as("one failure recorded, so the next waits twice the base")
        .isEqualTo(BASE.multipliedBy(2));
  }

  @Test
  void aKeyAddedDuringThePassRunsAgainWhateverTheResult() throws InterruptedException {
    String key = taken();
    assertThat(
            ReconcileWorkers.settle(
                queue,
                key,
                () -> {
                  queue.add("k"); // the definition changed while its pass ran
                  return ReconcileResult.DONE;
                }))
        .isEqualTo("success");
    assertThat(queue.depth()).isEqualTo(1);
    assertThat(queue.take()).isEqualTo("k");
  }
}
