package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.SystemSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The floors of the benchmark's figures: the same work done straight, without the service's
 * machinery (queues, passes, drafts, caches, JPA, transactions templates, the fleet): the host
 * calls on the simulated host's typed API, the statements over plain JDBC. The statements run on a
 * database of the service's own schema (its migrations) and engine settings, beside the service's,
 * so that the rows they insert never become definitions the service acts on; the rows are copies of
 * one the service stored, so they are of the same size.
 */
final class BenchmarkFloors implements AutoCloseable {

  private final ConfigurableApplicationContext ctx;
  private final ComputeHost host;
  private final HostResources resources;
  private final SystemSpecs specs;
  private final String url;
  private final Map<String, Map<String, Object>> template = new LinkedHashMap<>();
  private long next = 1_000_000;

  BenchmarkFloors(ConfigurableApplicationContext ctx, UUID model) throws Exception {
    this.ctx = ctx;
    this.host = ctx.getBean(ComputeHost.class);
    this.resources = ctx.getBean(HostResources.class);
    HcsProperties properties = ctx.getBean(HcsProperties.class);
    this.specs = new SystemSpecs(properties.storageRoot());
    Path dir = Files.createTempDirectory(properties.dataDir(), "floor-");
    // the service's own URL settings (application.yml): a file database, commits flushed at once
    this.url = "jdbc:h2:file:" + dir.resolve("floor") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration", "classpath:db/vendor/h2")
        .load()
        .migrate();
    try (Connection c = ctx.getBean(DataSource.class).getConnection()) {
      template.put("definition", row(c, "select * from definition where id = ?", model));
      template.put(
          "definition_status",
          row(c, "select * from definition_status where definition_id = ?", model));
      Map<String, Object> event =
          row(
              c,
              "select * from definition_event where definition_id = ? order by id fetch first 1"
                  + " rows only",
              model);
      event.remove("ID"); // an identity column
      template.put("definition_event", event);
    }
  }

  Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, "sa", "");
    c.setAutoCommit(false);
    return c;
  }

  private static Map<String, Object> row(Connection c, String sql, UUID id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalStateException("no row for " + sql);
        }
        ResultSetMetaData m = r.getMetaData();
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          out.put(m.getColumnName(i), r.getObject(i));
        }
        return out;
      }
    }
  }

  /**
   * A create done straight: the rows a create inserts (definition, status, its Created event), one
   * transaction, committed. Nanoseconds.
   */
  long insertCommit(Connection c) throws SQLException {
    UUID id = UUID.randomUUID();
    long t0 = System.nanoTime();
    for (Map.Entry<String, Map<String, Object>> t : template.entrySet()) {
      Map<String, Object> values = new LinkedHashMap<>(t.getValue());
      values.replaceAll((k, v) -> k.equals("ID") || k.equals("DEFINITION_ID") ? id : v);
      values.computeIfPresent("NAME", (k, v) -> "floor-" + id);
      String sql =
          "insert into "
              + t.getKey()
              + " ("
              + String.join(", ", values.keySet())
              + ") values ("
              + String.join(", ", values.keySet().stream().map(k -> "?").toList())
              + ")";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        int i = 1;
        for (Object v : values.values()) {
          s.setObject(i++, v);
        }
        s.executeUpdate();
      }
    }
    c.commit();
    return System.nanoTime() - t0;
  }

  /** The one status write a start needs (its system and phase), committed. */
  void statusCommit(Connection c, UUID id) throws SQLException {
    Map<String, Object> status = template.get("definition_status");
    try (PreparedStatement s =
        c.prepareStatement(
            "update definition_status set phase = ?, status_json = ?, memo_json = ?"
                + " where definition_id = ?")) {
      s.setObject(1, status.get("PHASE"));
      s.setObject(2, status.get("STATUS_JSON"));
      s.setObject(3, status.get("MEMO_JSON"));
      s.setObject(4, id);
      s.executeUpdate();
    }
    c.commit();
  }

  /**
   * The host calls that start an incarnation of {@code d} done straight: the disk chain read, each
   * file granted, the system created and started, and the previous incarnation's grants revoked
   * ({@code previous} may be null). Returns the new system and its files.
   */
  Started start(Definition d, Started previous) {
    String id = SystemIds.computeSystemId(d.id(), next++);
    SystemSpec spec = specs.build(d, id, null, null);
    List<String> files = new ArrayList<>();
    for (SystemSpec.AttachedDisk disk : spec.disks()) {
      if (disk.iso()) {
        files.add(disk.path());
      } else {
        files.addAll(resources.diskChain(disk.path()));
      }
    }
    if (spec.guestStateFile() != null) {
      files.add(spec.guestStateFile());
    }
    for (String f : files) {
      resources.grantAccess(id, f);
    }
    host.create(spec);
    host.start(id);
    if (previous != null) {
      for (String f : previous.files()) {
        resources.revokeAccess(previous.id(), f);
      }
    }
    return new Started(id, files);
  }

  record Started(String id, List<String> files) {}

  /**
   * Exit → replacement running done straight, for each of the first {@code n} definitions: the host
   * calls of a restart. Sorted milliseconds.
   */
  double[] restarts(int n) {
    DefinitionStore store = ctx.getBean(DefinitionStore.class);
    List<UUID> ids = store.ids();
    double[] out = new double[Math.min(n, ids.size())];
    for (int i = 0; i < out.length; i++) {
      Definition d = store.get(ids.get(i)).orElseThrow();
      Started first = start(d, null);
      long t0 = System.nanoTime();
      start(d, first);
      out[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(out);
    return out;
  }

  /** Sorted milliseconds of {@code n} creates done straight over JDBC, one at a time. */
  double[] creates(int n) throws SQLException {
    double[] out = new double[n];
    try (Connection c = connect()) {
      for (int i = 0; i < n; i++) {
        out[i] = insertCommit(c) / 1e6;
      }
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * Converging {@code n} of the stored definitions done straight from 4 threads: per definition,
   * its create's rows committed, the host calls of its start, its status committed. Milliseconds.
   */
  long converge(int n) throws Exception {
    DefinitionStore store = ctx.getBean(DefinitionStore.class);
    List<Definition> all = new ArrayList<>();
    for (UUID id : store.ids()) {
      if (all.size() < n) {
        store.get(id).ifPresent(all::add);
      }
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t;
      done.add(
          pool.submit(
              () -> {
                try (Connection c = connect()) {
                  for (int i = from; i < all.size(); i += threads) {
                    insertCommit(c);
                    start(all.get(i), null);
                    statusCommit(c, all.get(i).id());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    pool.shutdown();
    return ms;
  }

  /**
   * CPU of an idle resync's own work done straight: one enumeration of the host and the statement
   * that reads the stored ids (the only statement an idle resync issues), over JDBC on the
   * service's database. Milliseconds of process CPU.
   */
  long idleResync() throws SQLException {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    host.list();
    try (Connection c = ctx.getBean(DataSource.class).getConnection();
        PreparedStatement s = c.prepareStatement("select id from definition");
        ResultSet r = s.executeQuery()) {
      int n = 0;
      while (r.next()) {
        r.getObject(1, UUID.class);
        n++;
      }
      if (n == 0) {
        throw new IllegalStateException("no definitions");
      }
    }
    return (os.getProcessCpuTime() - cpu0) / 1_000_000;
  }

  @Override
  public void close() {}
}
