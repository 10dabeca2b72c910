package dev.hcsorchestrator.reconcile;

import static dev.hcsorchestrator.reconcile.DatabaseOutageIT.hostSystems;
import static dev.hcsorchestrator.reconcile.DatabaseOutageIT.id;
import static dev.hcsorchestrator.reconcile.DatabaseOutageIT.phase;
import static dev.hcsorchestrator.reconcile.DatabaseOutageIT.readiness;
import static dev.hcsorchestrator.reconcile.DatabaseOutageIT.status;
import static dev.hcsorchestrator.reconcile.DatabaseOutageIT.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.hcsorchestrator.RestartablePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A real PostgreSQL outage: the server the service uses is stopped (fast shutdown: every open
 * connection is closed) while definitions run, one of them exits and a create comes in, then
 * started again on the same data. Readiness goes DOWN and answers within the pool's connection
 * timeout, liveness stays UP, nothing runs in a hot loop (passes, log lines), the create is refused
 * rather than acknowledged, the other workloads run on, and once the server is back readiness is UP
 * again and the exited VM runs again, its exit recorded as the host reported it. A few seconds in
 * the suite; {@code -Doutage.seconds=30} for the run of docs/reliability.md, which prints its
 * figures.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/pg-outage-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=pg-outage-token",
      "spring.datasource.username=postgres",
      "spring.datasource.password="
    })
@DirtiesContext
class PostgresOutageIT {

  static final Duration OUTAGE = DatabaseOutageIT.OUTAGE;

  static final RestartablePostgres POSTGRES = RestartablePostgres.create();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> POSTGRES.url("hcs"));
  }

  @AfterAll
  static void stopServer() {
    POSTGRES.close();
  }

  /** Counts the log events at WARN and above while installed. */
  static final class CountingAppender extends AppenderBase<ILoggingEvent> {
    final AtomicLong warnings = new AtomicLong();
    final List<String> firstLines = new ArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
        warnings.incrementAndGet();
        synchronized (firstLines) {
          if (firstLines.size() < 20) {
            firstLines.add(e.getLoggerName() + ": " + e.getFormattedMessage());
          }
        }
      }
    }
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  @Test
  void readinessGoesDownNothingIsLostAndEverythingConvergesOnceTheServerIsBack() {
    Api api = new Api("http://127.0.0.1:" + port, "pg-outage-token", Duration.ofSeconds(60));
    List<String> names =
        List.of("pg-a", "pg-b", "pg-c").stream()
            .map(n -> n + "-" + UUID.randomUUID().toString().substring(0, 6))
            .toList();
    for (String name : names) {
      Api.Response r = api.post("/api/v1/definitions", vm(name));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> names.stream().allMatch(n -> "Running".equals(phase(api, n))));
    await().atMost(Duration.ofSeconds(20)).until(() -> readiness(api) == 200);
    Map<String, String> before = names.stream().collect(Collectors.toMap(n -> n, n -> id(api, n)));

    CountingAppender log = new CountingAppender();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    double errorPassesBefore = errorPasses();
    long cpuBefore = processCpuNanos();
    long stopped = System.nanoTime();
    POSTGRES.stop();

    long downAt = System.nanoTime();
    await().atMost(Duration.ofSeconds(40)).until(() -> readiness(api) == 503);
    double secondsToDown = (System.nanoTime() - downAt) / 1e9;
    long asked = System.nanoTime();
    int ready = readiness(api);
    double readinessAnswer = (System.nanoTime() - asked) / 1e9;
    assertThat(ready).isEqualTo(503);
    assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);

    // an exit during the outage: the host reports it, the pass cannot store anything yet
    String exited = names.get(0);
    Api.Response exit =
        api.post(
            "/api/v1/simulator/compute-systems/" + before.get(exited) + "/exit",
            "{\"exitType\":\"UnexpectedExit\",\"exitCode\":1}");
    assertThat(exit.status()).as(exit.body()).isEqualTo(204);
    // a write the database cannot take is refused, never acknowledged
    String refusedName = "pg-refused-" + UUID.randomUUID().toString().substring(0, 6);
    long createAsked = System.nanoTime();
    Api.Response create = api.post("/api/v1/definitions", vm(refusedName));
    double createAnswer = (System.nanoTime() - createAsked) / 1e9;
    assertThat(create.status()).as(create.body()).isEqualTo(503);
    assertThat(create.headers().firstValue("Retry-After")).isPresent();

    long outageEnd = stopped + OUTAGE.toNanos();
    await()
        .pollDelay(Duration.ofNanos(Math.max(0, outageEnd - System.nanoTime())))
        .atMost(OUTAGE.plusSeconds(30))
        .until(() -> true);
    Map<String, JsonNode> host = hostSystems(api);
    for (String other : names.subList(1, names.size())) {
      assertThat(host.get(before.get(other)).path("state").asString())
          .as("%s keeps running", other)
          .isEqualTo("Running");
    }
    double outageSeconds = (System.nanoTime() - stopped) / 1e9;
    double errorPasses = errorPasses() - errorPassesBefore;
    double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
    long warnings = log.warnings.get();

    POSTGRES.start();
    long back = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> readiness(api) == 200);
    double secondsToReady = (System.nanoTime() - back) / 1e9;
    // within a resync (1 s here) and the restart backoff (1 s)
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode s = status(api, exited);
              assertThat(s.path("phase").asString()).isEqualTo("Running");
              assertThat(s.path("restartCount").asInt()).isEqualTo(1);
              assertThat(s.path("computeSystemId").asString()).isNotEqualTo(before.get(exited));
            });
    double secondsToConverged = (System.nanoTime() - back) / 1e9;
    root.detachAppender(log);
    System.out.printf(
        "%nPostgreSQL outage of %.1f s (load average %.1f): readiness 503 after %.1f s, answered in"
            + " %.2f s; create refused (%d) in %.2f s; %.0f failed passes (%.1f/s), %d log lines at"
            + " WARN or above (%.1f/s), %.1f s CPU (%.0f %% of one core); back: ready after %.1f s,"
            + " exited VM running again after %.1f s%nfirst log lines: %s%n",
        outageSeconds,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        secondsToDown,
        readinessAnswer,
        create.status(),
        createAnswer,
        errorPasses,
        errorPasses / outageSeconds,
        warnings,
        warnings / outageSeconds,
        cpuSeconds,
        100 * cpuSeconds / outageSeconds,
        secondsToReady,
        secondsToConverged,
        String.join("\n  ", log.firstLines));

    // one resync a second, each pass backing off: tens, not a hot loop
    assertThat(errorPasses / outageSeconds).as("failed passes per second").isLessThan(20);
    assertThat(warnings / outageSeconds).as("warnings per second").isLessThan(20);
    // within the pool's connection timeout (10 s), not Hikari's default 30 s
    assertThat(readinessAnswer).as("readiness answers while the database is away").isLessThan(20);
    assertThat(status(api, exited).path("lastExit").path("type").asString())
        .isEqualTo("UnexpectedExit");
    for (String other : names.subList(1, names.size())) {
      assertThat(id(api, other)).as("%s not replaced", other).isEqualTo(before.get(other));
    }
    assertThat(api.get("/api/v1/definitions/" + refusedName).status()).isEqualTo(404);
  }

  double errorPasses() {
    return meters.find("hcs.reconcile").tag("result", "error").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
