package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.AopTestUtils;

/**
 * The writes that compare definitions, queued behind one that waits for the fleet's write lock (a
 * test connection holds the lock row, as another host's write would): those queued meanwhile commit
 * together, and a write waiting for its turn holds no database connection, so a pool of two serves
 * more waiting writes than it has connections and a read beside them. Counted, not timed: the
 * transactions by the lock row's generation (one per transaction), the queue by {@link
 * SerialWrites#queued()}.
 */
class QueuedWritesIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static String url;
  private static ConfigurableApplicationContext context;
  private static Definitions definitions;
  private static SerialWrites serial;
  private static JdbcClient jdbc;
  private static ExecutorService pool;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "queued-writes-it-");
    // the lock row is held longer than a connection may be waited for: a write that waited for
    // its turn holding a connection starves the pool within the test
    url =
        "jdbc:h2:file:"
            + dir.resolve("hcs")
            + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=60000";
    context =
        new SpringApplicationBuilder(HcsOrchestratorApplication.class)
            .run(
                "--hcs.reconcile.enabled=false",
                "--hcs.data-dir=" + dir,
                "--spring.datasource.url=" + url,
                "--spring.datasource.hikari.maximum-pool-size=2",
                "--spring.datasource.hikari.connection-timeout=1000",
                "--server.port=0",
                "--hcs.security.tokens[0].name=test",
                "--hcs.security.tokens[0].role=operator",
                "--hcs.security.tokens[0].value=queued-writes-it-token");
    definitions = context.getBean(Definitions.class);
    serial =
        ((JpaDefinitions) AopTestUtils.getUltimateTargetObject(context.getBean("jpaDefinitions")))
            .serialWrites();
    jdbc = context.getBean(JdbcClient.class);
    pool = Executors.newFixedThreadPool(32);
  }

  @AfterAll
  static void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (context != null) {
      context.close();
    }
  }

  private static long generation() {
    return jdbc.sql("select generation from definition_write_lock where id = 1")
        .query(Long.class)
        .single();
  }

  /** A connection outside the pool holding the lock row until it is closed. */
  private static Connection holdWriteLock() throws SQLException {
    Connection c = DriverManager.getConnection(url, "sa", "");
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeQuery("select generation from definition_write_lock where id = 1 for update")
          .close();
    }
    return c;
  }

  /** Starts one write and waits until it holds this process's turn, waiting for the lock row. */
  private static <T> Future<T> firstWrite(java.util.concurrent.Callable<T> write) {
    Future<T> first = pool.submit(write);
    await().atMost(WAIT).until(() -> serial.writing() && serial.queued() == 0);
    return first;
  }

  private static <T> List<T> all(List<Future<T>> futures) throws Exception {
    List<T> done = new ArrayList<>();
    for (Future<T> f : futures) {
      done.add(f.get(60, TimeUnit.SECONDS));
    }
    return done;
  }

  @Test
  void writesQueuedBehindTheWriteLockCommitInOneTransaction() throws Exception {
    int count = 20;
    long before = generation();
    List<Future<Definition>> creates = new ArrayList<>();
    try (Connection holder = holdWriteLock()) {
      creates.add(
          firstWrite(
              () ->
                  definitions.create(
                      DefinitionsPersistenceIT.vm("grouped-0", DesiredState.Stopped, Map.of()))));
      for (int i = 1; i < count; i++) {
        String name = "grouped-" + i;
        creates.add(
            pool.submit(
                () ->
                    definitions.create(
                        DefinitionsPersistenceIT.vm(name, DesiredState.Stopped, Map.of()))));
      }
      await().atMost(WAIT).until(() -> serial.queued() == count - 1);
      holder.rollback();
    }

    assertThat(all(creates)).extracting(Definition::name).hasSize(count).doesNotHaveDuplicates();
    // the first write's transaction, then one for the 19 queued behind it
    assertThat(generation() - before).isEqualTo(2);
    for (int i = 0; i < count; i++) {
      assertThat(definitions.find("grouped-" + i)).as("grouped-" + i).isPresent();
    }
  }

  @Test
  void replacingPutsWaitingForTheWriteLockHoldNoConnectionAndAReadBesideThemIsAnswered()
      throws Exception {
    int count = 8; // four times the pool
    for (int i = 0; i < count; i++) {
      definitions.create(
          DefinitionsPersistenceIT.vm("replaced-" + i, DesiredState.Stopped, Map.of()));
    }
    List<Future<Definitions.PutResult<Definition>>> puts = new ArrayList<>();
    try (Connection holder = holdWriteLock()) {
      puts.add(firstWrite(() -> definitions.put("replaced-0", replaced("replaced-0"), null)));
      for (int i = 1; i < count; i++) {
        String name = "replaced-" + i;
        puts.add(pool.submit(() -> definitions.put(name, replaced(name), null)));
      }
      // each asked the stored kind and queued, and gave its connection back meanwhile
      await().atMost(WAIT).until(() -> serial.queued() == count - 1);
      // a read beside them gets a connection
      assertThat(definitions.find("replaced-3")).isPresent();
      holder.rollback();
    }

    for (Definitions.PutResult<Definition> put : all(puts)) {
      assertThat(put.created()).isFalse();
      assertThat(put.value().spec().labels()).containsEntry("replaced", "yes");
    }
  }

  private static DefinitionSpec replaced(String name) {
    return DefinitionsPersistenceIT.vm(name, DesiredState.Stopped, Map.of("replaced", "yes"));
  }
}
