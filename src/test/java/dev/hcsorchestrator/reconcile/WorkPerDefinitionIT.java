package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The database work of the reconciler per definition, with 100 definitions and with 1,000: the
 * statements, rows and commits of converging a definition from its create, of one idle resync, and
 * of one exit replaced, counted at the JDBC connection. Each must stay the same per definition
 * (within a small constant) when there are ten times as many, so a path whose work per definition
 * grows with the number of definitions fails here, however fast the machine. No time is measured.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/work-${random.uuid}",
      "hcs.host.mode=simulated",
      // room for every definition: the work counted is the reconciler's, not the scheduler's
      // refusal
      "hcs.fleet.capacity.processors=100000",
      "hcs.fleet.capacity.memory-mb=100000000",
      "hcs.reconcile.resync-interval=1h",
      "logging.level.root=WARN",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=work-it-token"
    })
@Import(WorkPerDefinitionIT.Counting.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WorkPerDefinitionIT {

  private static final Duration CONVERGE = Duration.ofSeconds(120);
  private static final int RESTARTS = 20;

  /**
   * Bytes an idle resync may allocate per definition at 1,000 (4.3 KiB measured, every thread of
   * the service included).
   */
  private static final long IDLE_RESYNC_BYTES = 6 * 1024;

  @TestConfiguration(proxyBeanMethods = false)
  static class Counting {
    @Bean
    static BeanPostProcessor countingDataSource() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof DataSource ds && !(bean instanceof CountingDataSource)
              ? new CountingDataSource(ds)
              : bean;
        }
      };
    }
  }

  /**
   * Statements and rows per definition converged, per definition resynced, per restart; and the
   * heap bytes the service's threads allocated for each (for a restart, the median restart's).
   */
  record PerDefinition(
      CountingDataSource.Work converge,
      CountingDataSource.Work resync,
      CountingDataSource.Work restart,
      long convergeBytes,
      long resyncBytes,
      long restartBytes) {}

  @Autowired DataSource dataSource;
  @Autowired Definitions definitions;
  @Autowired DefinitionStore store;
  @Autowired Inventory inventory;
  @Autowired ReconcileWorkers workers;
  @Autowired WorkQueue<UUID> queue;
  @Autowired SimulatedComputeCore core;

  @Test
  void convergingResyncingAndRestartingTouchTheSameRowsPerDefinitionWithTenTimesAsMany() {
    PerDefinition small = measure(100);
    PerDefinition large = measure(1_000);
    System.out.printf("work in tenths per definition: at 100 %s; at 1,000 %s%n", small, large);

    assertSame("converge, per definition", small.converge(), large.converge());
    assertSame("idle resync, per definition", small.resync(), large.resync());
    // and an idle pass writes nothing: the resync's statements are its reads of the ids alone
    assertThat(large.resync().statements())
        .as("idle resync: statements in tenths per definition")
        .isLessThanOrEqualTo(1);
    // one read of the ids serves the sweeps and the queue: each id is read once
    assertThat(large.resync().rows())
        .as("idle resync: rows read in tenths per definition")
        .isLessThanOrEqualTo(10);
    assertSame("exit replaced, per restart", small.restart(), large.restart());
    // The commits are most of a converge's and a restart's database time. A restart commits its
    // write-ahead and its final status write; a converged definition its create, at most one
    // assignment and its status writes (the resources' write-ahead, the incarnation's, the final
    // one), fewer where workers share commits.
    assertThat(small.restart().commits())
        .as("exit replaced: commits that changed rows, in tenths per restart")
        .isLessThanOrEqualTo(21);
    assertThat(small.converge().commits())
        .as("converge: commits that changed rows, in tenths per definition")
        .isLessThanOrEqualTo(55);
    assertSameBytes("converge, per definition", small.convergeBytes(), large.convergeBytes());
    assertSameBytes("idle resync, per definition", small.resyncBytes(), large.resyncBytes());
    assertSameBytes("exit replaced, per restart", small.restartBytes(), large.restartBytes());
    // and an idle resync allocates little per definition: no bookkeeping parsed, copied or built
    // again, no transaction opened around a read from the cache of committed state
    assertThat(large.resyncBytes())
        .as("idle resync: bytes allocated per definition at 1,000")
        .isLessThanOrEqualTo(IDLE_RESYNC_BYTES);
  }

  /**
   * Bytes allocated per definition (all work in this process: ours, the database engine's, the
   * libraries'): at 1,000 at most 1.5 times the figure at 100 plus 2 KiB.
   */
  private static void assertSameBytes(String what, long at100, long at1000) {
    assertThat(at100).as("%s: bytes at 100", what).isPositive();
    assertThat(at1000)
        .as("%s: bytes allocated at 1,000 (%,d at 100)", what, at100)
        .isLessThanOrEqualTo(at100 * 3 / 2 + 2_048);
  }

  private static void assertSame(
      String what, CountingDataSource.Work at100, CountingDataSource.Work at1000) {
    assertThat(at100.statements()).as("%s: statements at 100", what).isPositive();
    assertThat(at1000.statements())
        .as("%s: statements at 1,000 (%s at 100)", what, at100.statements())
        .isLessThanOrEqualTo(at100.statements() * 5 / 4 + 1);
    assertThat(at1000.rows())
        .as("%s: rows at 1,000 (%s at 100)", what, at100.rows())
        .isLessThanOrEqualTo(at100.rows() * 5 / 4 + 1);
    assertThat(at1000.commits())
        .as("%s: commits at 1,000 (%s at 100)", what, at100.commits())
        .isLessThanOrEqualTo(at100.commits() * 5 / 4 + 1);
  }

  /** Brings the store to {@code total} definitions, then measures; work per definition. */
  private PerDefinition measure(int total) {
    int existing = store.ids().size();
    CountingDataSource.Work start = work();
    AllocatedBytes bytes = new AllocatedBytes();
    for (int i = existing; i < total; i++) {
      definitions.create(ReconcileBenchmark.vm("work-" + i));
    }
    await()
        .atMost(CONVERGE)
        .until(() -> inventory.count(Kind.VirtualMachine, Phase.Running) == total);
    idle();
    CountingDataSource.Work converge = per(work().minus(start), total - existing);
    long convergeBytes = bytes.since() / (total - existing);

    // the first resync after the converge warms what runs only in a resync; the second counts
    workers.resync();
    idle();
    // the resync's and the restarts' own work: the fleet's periodic statements meanwhile count by
    // how long they take (longer on a loaded machine), not by what they do
    start = workBesideFleet();
    bytes = new AllocatedBytes();
    workers.resync();
    idle();
    CountingDataSource.Work resync = per(workBesideFleet().minus(start), total);
    long resyncBytes = bytes.since() / total;

    List<UUID> ids = store.ids();
    start = workBesideFleet();
    // each restart's bytes apart, and their median: a restart that meets a one-time cost (a first
    // use after the converge) or a periodic task of the service does not decide the figure
    long[] each = new long[RESTARTS];
    for (int i = 0; i < RESTARTS; i++) {
      bytes = new AllocatedBytes();
      UUID id = ids.get(i);
      String old = inventory.currentSystem(id).orElseThrow();
      core.exitFromOutside(old, NotificationType.GracefulExit, 0);
      await()
          .atMost(CONVERGE)
          .until(
              () ->
                  !inventory.currentSystem(id).orElse(old).equals(old)
                      && inventory.phaseOf(id) == Phase.Running);
      idle();
      each[i] = bytes.since();
    }
    CountingDataSource.Work restart = per(workBesideFleet().minus(start), RESTARTS);
    Arrays.sort(each);
    long restartBytes = each[RESTARTS / 2];
    return new PerDefinition(converge, resync, restart, convergeBytes, resyncBytes, restartBytes);
  }

  /** Until no key waits or runs: the passes a trigger queued have all ended. */
  private void idle() {
    await().atMost(CONVERGE).until(() -> queue.depth() == 0 && queue.inFlight() == 0);
  }

  private CountingDataSource.Work work() {
    return ((CountingDataSource) dataSource).work();
  }

  private CountingDataSource.Work workBesideFleet() {
    return ((CountingDataSource) dataSource).workBesideFleet();
  }

  /** In tenths per definition, rounded up, so that one statement more per ten shows. */
  private static CountingDataSource.Work per(CountingDataSource.Work w, int n) {
    return new CountingDataSource.Work(
        (w.statements() * 10 + n - 1) / n,
        (w.rows() * 10 + n - 1) / n,
        (w.commits() * 10 + n - 1) / n);
  }
}
