package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.NetworkOnHost;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NetworkReportsTest {

  private final InMemoryDefinitions store = new InMemoryDefinitions();
  private final NetworkReports reports = new NetworkReports(store);

  @Test
  void aSlowStoreOfOneNetworkHoldsNeitherAnotherNetworksReportNorAReload() throws Exception {
    CountDownLatch inSlowStore = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    store.beforeNetworkReport =
        network -> {
          if (network.equals("slow")) {
            inSlowStore.countDown();
            awaitQuietly(release);
          }
        };
    CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> reports.ready("slow"));
    try {
      assertThat(inSlowStore.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> other =
          CompletableFuture.runAsync(() -> reports.failed("other", "subnet overlaps"));
      await().atMost(Duration.ofSeconds(5)).until(other::isDone);
      assertThat(store.networkReports.get("other").state()).isEqualTo(NetworkOnHost.State.Failed);
      CompletableFuture<Void> reload = CompletableFuture.runAsync(reports::reload);
      await().atMost(Duration.ofSeconds(5)).until(reload::isDone);
      assertThat(slow).isNotDone();
    } finally {
      release.countDown();
    }
    slow.get(10, TimeUnit.SECONDS);
    assertThat(store.networkReports.get("slow").state()).isEqualTo(NetworkOnHost.State.Ready);
  }

  @Test
  void aReportIsStoredOnlyWhenItChangesAndAgainAfterAFailedStore() {
    int[] stores = new int[1];
    boolean[] fail = new boolean[1];
    store.beforeNetworkReport =
        network -> {
          stores[0]++;
          if (fail[0]) {
            throw new IllegalStateException("database away");
          }
        };
    reports.ready("net");
    reports.ready("net");
    assertThat(stores[0]).isEqualTo(1);

    fail[0] = true;
    reports.failed("net", "gone");
    fail[0] = false;
    reports.failed("net", "gone");
    reports.failed("net", "gone");
    assertThat(stores[0]).isEqualTo(3);
    assertThat(store.networkReports.get("net").state()).isEqualTo(NetworkOnHost.State.Failed);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
