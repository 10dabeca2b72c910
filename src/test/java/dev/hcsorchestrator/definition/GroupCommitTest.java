package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit over a small transactional store: what each transaction wrote becomes visible at its
 * commit and is dropped whole when it fails.
 */
class GroupCommitTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A store whose writes are staged per transaction and kept only when it commits. */
  private static final class Store {
    final List<String> committed = new ArrayList<>();
    final List<String> staged = new ArrayList<>();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger rollbacks = new AtomicInteger();

    final Consumer<Runnable> transaction =
        writes -> {
          staged.clear();
          try {
            writes.run();
          } catch (RuntimeException e) {
            staged.clear();
            throw e;
          }
          committed.addAll(staged);
          staged.clear();
          commits.incrementAndGet();
        };

    String write(String value) {
      if (value.startsWith("refused")) {
        throw new DefinitionException.Conflict(value);
      }
      if (value.startsWith("broken")) {
        staged.add(value);
        throw new IllegalStateException("constraint broken by " + value);
      }
      staged.add(value);
      return value;
    }
  }

  private final Store store = new Store();
  private final GroupCommit groups =
      new GroupCommit(8, store.transaction, store.rollbacks::incrementAndGet);
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService writers = Executors.newCachedThreadPool();
  private CompletableFuture<String> first;

  @AfterEach
  void stopWriters() {
    release.countDown();
    writers.shutdownNow();
  }

  @Test
  void aWriteAloneIsCommittedAndItsValueReturned() {
    assertThat(groups.run(() -> store.write("a"))).isEqualTo("a");

    assertThat(store.committed).containsExactly("a");
    assertThat(store.commits).hasValue(1);
  }

  @Test
  void writersThatMeetShareOneCommit() {
    holdTheLock();
    List<CompletableFuture<String>> others = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      others.add(queue("w" + i));
    }
    release.countDown();

    assertThat(first.join()).isEqualTo("first");
    others.forEach(CompletableFuture::join);
    assertThat(store.committed).containsExactlyInAnyOrder("first", "w0", "w1", "w2", "w3", "w4");
    assertThat(store.commits).hasValue(2);
  }

  @Test
  void aGroupIsNeverLargerThanItsSize() {
    holdTheLock();
    List<CompletableFuture<String>> others = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      others.add(queue("w" + i));
    }
    release.countDown();

    first.join();
    others.forEach(CompletableFuture::join);
    assertThat(store.committed).hasSize(13);
    // the first alone, then the twelve in groups of at most eight
    assertThat(store.commits).hasValue(3);
  }

  @Test
  void aRefusedWriteGetsItsRefusalAndLeavesTheOthersOfItsGroupCommitted() {
    holdTheLock();
    CompletableFuture<String> good = queue("good");
    CompletableFuture<String> refused = queue("refused");
    release.countDown();

    first.join();
    assertThat(good.join()).isEqualTo("good");
    assertThatThrownBy(refused::join).hasCauseInstanceOf(DefinitionException.Conflict.class);
    assertThat(store.committed).containsExactlyInAnyOrder("first", "good");
    assertThat(store.rollbacks).hasValue(0);
  }

  @Test
  void aGroupThatFailsWholeRunsEachWriteAloneSoEachGetsItsOwnAnswer() {
    holdTheLock();
    CompletableFuture<String> before = queue("before");
    CompletableFuture<String> broken = queue("broken");
    CompletableFuture<String> after = queue("after");
    release.countDown();

    first.join();
    assertThat(before.join()).isEqualTo("before");
    assertThat(after.join()).isEqualTo("after");
    assertThatThrownBy(broken::join).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(store.committed).containsExactlyInAnyOrder("first", "before", "after");
    // the group's transaction, then the broken write's own
    assertThat(store.rollbacks).hasValue(2);
  }

  @Test
  void aWriteAloneThatFailsGetsItsFailureAndIsRolledBack() {
    assertThatThrownBy(() -> groups.run(() -> store.write("broken")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.committed).isEmpty();
    assertThat(store.rollbacks).hasValue(1);
  }

  /** Starts a write ("first") that holds the lock inside its transaction until released. */
  private void holdTheLock() {
    first =
        CompletableFuture.supplyAsync(
            () ->
                groups.run(
                    () -> {
                      waitFor(release);
                      return store.write("first");
                    }),
            writers);
    await().atMost(WAIT).until(() -> groups.writing() && groups.queued() == 0);
  }

  /** Queues a write behind the lock's holder, in order. */
  private CompletableFuture<String> queue(String value) {
    int before = groups.queued();
    CompletableFuture<String> write =
        CompletableFuture.supplyAsync(() -> groups.run(() -> store.write(value)), writers);
    await().atMost(WAIT).until(() -> groups.queued() == before + 1);
    return write;
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
