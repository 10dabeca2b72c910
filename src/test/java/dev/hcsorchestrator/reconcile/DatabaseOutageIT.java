package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A short database outage (the suite's version of the outage in docs/reliability.md): every new
 * connection is refused for a few seconds, as when the database server is stopped, while
 * definitions run and one of them exits. Readiness goes DOWN and liveness stays UP, nothing is
 * retried in a hot loop, a write is refused rather than acknowledged, the other workloads keep
 * running untouched, and once the database is back readiness is UP again and the exited VM runs
 * again within a resync.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/db-outage-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=db-outage-token"
    })
@Import(DatabaseOutageIT.Outage.class)
@DirtiesContext
class DatabaseOutageIT {

  /** A few seconds in the suite; {@code -Doutage.seconds=30} for the full run. */
  static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("outage.seconds", 4));

  /** Wraps the application's data source: while down, every connection attempt is refused. */
  static final class OutageDataSource extends DelegatingDataSource {
    volatile boolean down;
    final AtomicLong refused = new AtomicLong();

    OutageDataSource(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
      check();
      return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      check();
      return super.getConnection(username, password);
    }

    private void check() throws SQLException {
      if (down) {
        refused.incrementAndGet();
        throw new SQLTransientConnectionException("Connection refused (database stopped)", "08001");
      }
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Outage {
    @Bean
    static BeanPostProcessor outageDataSource() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof DataSource ds && !(bean instanceof OutageDataSource)
              ? new OutageDataSource(ds)
              : bean;
        }
      };
    }
  }

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void readinessGoesDownNothingIsLostAndEverythingConvergesOnceTheDatabaseIsBack() {
    Api api = new Api("http://127.0.0.1:" + port, "db-outage-token", Duration.ofSeconds(60));
    OutageDataSource db = (OutageDataSource) dataSource;
    List<String> names =
        List.of("outage-a", "outage-b", "outage-c").stream()
            .map(n -> n + "-" + UUID.randomUUID().toString().substring(0, 6))
            .toList();
    for (String name : names) {
      Api.Response r = api.post("/api/v1/definitions", vm(name));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> names.stream().allMatch(n -> "Running".equals(phase(api, n))));
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness(api) == 200);
    Map<String, String> before = names.stream().collect(Collectors.toMap(n -> n, n -> id(api, n)));

    db.down = true;
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness(api) == 503);
    assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);

    // an exit during the outage: the host reports it, the pass cannot store anything yet
    String exited = names.get(0);
    Api.Response exit =
        api.post(
            "/api/v1/simulator/compute-systems/" + before.get(exited) + "/exit",
            "{\"exitType\":\"UnexpectedExit\",\"exitCode\":1}");
    assertThat(exit.status()).as(exit.body()).isEqualTo(204);
    // a write the database cannot take is refused, never acknowledged, and the client told when
    // to retry (the pool's wait)
    String refusedName = "outage-refused-" + UUID.randomUUID().toString().substring(0, 6);
    Api.Response create = api.post("/api/v1/definitions", vm(refusedName));
    assertThat(create.status()).as(create.body()).isEqualTo(503);
    assertThat(create.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(create.json().path("detail").asString()).contains("nothing was changed");

    long refusedBefore = db.refused.get();
    long start = System.nanoTime();
    await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
    double seconds = (System.nanoTime() - start) / 1e9;
    long attempts = db.refused.get() - refusedBefore;
    // one resync a second, each pass backing off: tens of attempts, not a hot loop
    assertThat(attempts / seconds)
        .as("connection attempts per second (%d)", attempts)
        .isLessThan(50);
    Map<String, JsonNode> host = hostSystems(api);
    for (String other : names.subList(1, names.size())) {
      assertThat(host.get(before.get(other)).path("state").asString())
          .as("%s keeps running", other)
          .isEqualTo("Running");
    }

    db.down = false;
    await().atMost(Duration.ofSeconds(10)).until(() -> readiness(api) == 200);
    // within a resync (1 s here) and the restart backoff (1 s)
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode s = status(api, exited);
              assertThat(s.path("phase").asString()).isEqualTo("Running");
              assertThat(s.path("restartCount").asInt()).isEqualTo(1);
              assertThat(s.path("computeSystemId").asString()).isNotEqualTo(before.get(exited));
            });
    for (String other : names.subList(1, names.size())) {
      assertThat(id(api, other)).as("%s not replaced", other).isEqualTo(before.get(other));
    }
    assertThat(api.get("/api/v1/definitions/" + refusedName).status()).isEqualTo(404);
  }

  static String vm(String name) {
    return """
        {"name":"%s","kind":"VirtualMachine","restartPolicy":"Always","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":8}]}}"""
        .formatted(name);
  }

  static int readiness(Api api) {
    return api.get("/actuator/health/readiness").status();
  }

  static JsonNode status(Api api, String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().path("status");
  }

  static String phase(Api api, String name) {
    return status(api, name).path("phase").asString();
  }

  static String id(Api api, String name) {
    return status(api, name).path("computeSystemId").asString();
  }

  static Map<String, JsonNode> hostSystems(Api api) {
    Api.Response r = api.get("/api/v1/simulator/compute-systems");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode s : r.json()) {
      out.put(s.path("id").asString(), s);
    }
    return out;
  }
}
