package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Three services, each in its own JVM with its own data directory and simulated host, on one
 * PostgreSQL database and one shared storage folder (the shared root of failover definitions, and
 * the simulated hosts' shared disk state). Short timings: a 3 s lease, fence after 4 s, failover
 * after 8 s. A checker polls every simulated host the whole time and fails the class if one
 * definition ever has a compute system on two hosts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetFailoverIT {

  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration FENCE_AFTER = Duration.ofSeconds(4);
  private static final Duration FAILOVER_AFTER = Duration.ofSeconds(8);
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)");

  private static final List<FleetProcess> hosts = new CopyOnWriteArrayList<>();
  private static FleetProcess a;
  private static FleetProcess b;
  private static FleetProcess c;
  private static TcpProxy proxy;
  private static TwoRunningChecker checker;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(Path.of("target", "it-data"));
    Path root =
        Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "fleet-jvm-");
    Path shared = Files.createDirectories(root.resolve("shared"));
    String url = TestPostgres.newDatabase();
    Matcher m = JDBC.matcher(url);
    assertThat(m.matches()).as(url).isTrue();
    proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
    String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port + "/" + m.group(3);
    List<String> common =
        List.of(
            "--hcs.fleet.lease-duration=" + LEASE.toSeconds() + "s",
            "--hcs.fleet.fence-after=" + FENCE_AFTER.toSeconds() + "s",
            "--hcs.fleet.failover-after=" + FAILOVER_AFTER.toSeconds() + "s",
            "--hcs.fleet.capacity.processors=1000",
            "--hcs.fleet.capacity.memory-mb=1048576",
            "--hcs.storage.shared-root=" + shared.resolve("owned"),
            "--hcs.storage.shared-roots[0]=" + shared.resolve("images"),
            "--hcs.simulator.shared-state=" + shared.resolve("simulator"),
            "--spring.datasource.hikari.connection-timeout=2000",
            "--spring.datasource.hikari.validation-timeout=1000");
    a = FleetProcess.of("hv-a", root, with(common, TestPostgres.springArguments(url)));
    b = FleetProcess.of("hv-b", root, with(common, TestPostgres.springArguments(url)));
    c = FleetProcess.of("hv-c", root, with(common, TestPostgres.springArguments(proxied)));
    hosts.addAll(List.of(a, b, c));
    for (FleetProcess h : hosts) {
      h.start();
    }
    for (FleetProcess h : hosts) {
      h.awaitUp();
    }
    checker = new TwoRunningChecker(() -> hosts);
  }

  private static List<String> with(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @AfterAll
  static void stop() throws Exception {
    if (checker != null) {
      checker.close();
      System.out.println(
          "[fleet] the checker polled every simulated host " + checker.polls() + " times");
    }
    hosts.forEach(FleetProcess::close);
    if (proxy != null) {
      proxy.close();
    }
    if (checker != null) {
      assertThat(checker.violations()).as("two running systems for one definition").isEmpty();
    }
  }

  private static FleetProcess live() {
    return hosts.stream().filter(FleetProcess::alive).findFirst().orElseThrow();
  }

  private static String hostOf(FleetProcess through, String definition) {
    JsonNode host = through.status(definition).get("host");
    return host == null || host.isNull() ? null : host.asString();
  }

  private static String phase(FleetProcess through, String definition) {
    return through.status(definition).get("phase").asString();
  }

  /** Creates the definitions through {@code through} so that all land on {@code on}. */
  private static void createOn(FleetProcess on, FleetProcess through, String... bodies) {
    List<FleetProcess> others = hosts.stream().filter(h -> h != on && h.alive()).toList();
    others.forEach(
        h ->
            assertThat(through.post("/api/v1/hosts/" + h.name + "/cordon", "").status())
                .isEqualTo(200));
    try {
      for (String body : bodies) {
        FleetProcess.Response r = through.post("/api/v1/definitions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String name = r.json().get("name").asString();
        await().atMost(CONVERGE).until(() -> on.name.equals(hostOf(through, name)));
      }
    } finally {
      others.forEach(h -> through.post("/api/v1/hosts/" + h.name + "/uncordon", ""));
    }
  }

  private static String vm(String name, boolean failover) {
    return FleetNode.vm(name, 1, 256, failover ? ",\"failover\":true" : "");
  }

  private static boolean runs(FleetProcess h, String definition) {
    return h.get("/api/v1/compute-systems")
        .body()
        .contains("\"definition\":\"" + definition + "\"");
  }

  private static List<String> events(FleetProcess through, String definition) {
    return through
        .get("/api/v1/definitions/" + definition + "/events?limit=100")
        .json()
        .findValuesAsString("type");
  }

  @Test
  @Order(1)
  void aKilledHostsFailoverDefinitionsRunElsewhereAndTheOthersShowUnknownUntilItReturns()
      throws Exception {
    createOn(a, b, vm("fo-kill", true), vm("pinned-kill", false));
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "Running".equals(phase(b, "fo-kill")) && "Running".equals(phase(b, "pinned-kill")));

    long killed = System.nanoTime();
    a.kill9();
    await("fo-kill running on another host")
        .atMost(LEASE.plus(FAILOVER_AFTER).plusSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String host = hostOf(b, "fo-kill");
              return host != null && !host.equals("hv-a") && "Running".equals(phase(b, "fo-kill"));
            });
    double seconds = (System.nanoTime() - killed) / 1e9;
    System.out.printf(
        "[fleet] time to failover after kill -9: %.1f s (lease %s, failover-after %s)%n",
        seconds, LEASE, FAILOVER_AFTER);
    assertThat(events(b, "fo-kill")).contains("FailedOver");
    JsonNode pinned = b.status("pinned-kill");
    assertThat(pinned.get("phase").asString()).isEqualTo("Unknown");
    assertThat(pinned.get("host").asString()).isEqualTo("hv-a");
    assertThat(pinned.get("message").asString()).contains("hv-a is Lost");

    // the host boots again: it runs its own definition again, and nothing it no longer owns
    a.start().awaitUp();
    await().atMost(CONVERGE).until(() -> "Running".equals(phase(b, "pinned-kill")));
    assertThat(runs(a, "pinned-kill")).isTrue();
    // fo-kill's system of before the kill is not run here again
    await().atMost(CONVERGE).until(() -> unclaimed(a) == 0);
    assertThat(countRunning(a)).isEqualTo(1);
    assertThat(checker.violations()).isEmpty();
  }

  @Test
  @Order(2)
  void aHostCutOffFromTheDatabaseFencesItselfAndRejoinsAdoptingNothingItNoLongerOwns() {
    createOn(c, a, vm("fo-cut", true), vm("pinned-cut", false));
    await()
        .atMost(CONVERGE)
        .until(() -> runs(c, "fo-cut") && "Running".equals(phase(a, "pinned-cut")));

    await().atMost(CONVERGE).until(() -> unclaimed(c) == 0);
    int before = countRunning(c);
    long cut = System.nanoTime();
    proxy.cut();
    // fenced: its failover definition's system is gone from it, the other one runs on
    await("hv-c fences itself")
        .atMost(FENCE_AFTER.plusSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> countRunning(c) == before - 1 && runs(c, "pinned-cut"));
    System.out.printf(
        "[fleet] hv-c fenced %.1f s after losing the database (fence-after %s)%n",
        (System.nanoTime() - cut) / 1e9, FENCE_AFTER);
    await("fo-cut runs on another host")
        .atMost(LEASE.plus(FAILOVER_AFTER).plusSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              String host = hostOf(a, "fo-cut");
              return host != null && !host.equals("hv-c") && "Running".equals(phase(a, "fo-cut"));
            });
    System.out.printf(
        "[fleet] time to failover after a cut from the database: %.1f s%n",
        (System.nanoTime() - cut) / 1e9);
    assertThat(phase(a, "pinned-cut")).isEqualTo("Unknown");
    assertThat(runs(c, "pinned-cut")).as("a non-failover definition runs on while fenced").isTrue();

    proxy.restore();
    await("hv-c rejoins")
        .atMost(CONVERGE)
        .until(
            () ->
                "Running".equals(phase(a, "pinned-cut")) && events(a, "fo-cut").contains("Fenced"));
    await()
        .atMost(CONVERGE)
        .until(() -> "Ready".equals(a.get("/api/v1/hosts/hv-c").json().get("state").asString()));
    assertThat(hostOf(c, "fo-cut")).isNotEqualTo("hv-c");
    await().atMost(CONVERGE).until(() -> unclaimed(c) == 0);
    assertThat(countRunning(c)).isEqualTo(before - 1);
    assertThat(checker.violations()).isEmpty();
  }

  /**
   * The second guard, for a host that cannot fence itself: frozen with {@code kill -STOP}, hv-a
   * renews nothing and terminates nothing, and its VM keeps running with its disk open. Another
   * host takes the definition after failover-after; its create fails on that disk (sharing
   * violation), is reported and retried with backoff, and never runs. On {@code kill -CONT} hv-a
   * finds its lease lost, fences (event Fenced), lets the system go, and the other host runs it.
   */
  @Test
  @Order(3)
  void aStoppedHostKeepsItsDiskSoTheTakeoverFailsUntilItContinuesFencesAndLetsGo()
      throws Exception {
    createOn(a, b, vm("fo-stop", true));
    await()
        .atMost(CONVERGE)
        .until(() -> runs(a, "fo-stop") && "Running".equals(phase(b, "fo-stop")));
    a.signal("STOP");
    String other;
    try {
      await("fo-stop taken by another host, whose create meets the disk hv-a holds")
          .atMost(LEASE.plus(FAILOVER_AFTER).plusSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                String host = hostOf(b, "fo-stop");
                return host != null
                    && !host.equals("hv-a")
                    && messages(b, "fo-stop").stream()
                        .anyMatch(m -> m.contains("ERROR_SHARING_VIOLATION"));
              });
      other = hostOf(b, "fo-stop");
      assertThat(phase(b, "fo-stop")).isNotEqualTo("Running");
      assertThat(runs(other.equals("hv-b") ? b : c, "fo-stop")).isFalse();
      assertThat(checker.violations()).isEmpty();
    } finally {
      a.signal("CONT");
    }
    await("hv-a fences itself and lets the system go")
        .atMost(CONVERGE)
        .until(() -> events(b, "fo-stop").contains("Fenced") && !runs(a, "fo-stop"));
    await("fo-stop runs on " + other)
        .atMost(Duration.ofSeconds(120))
        .until(() -> other.equals(hostOf(b, "fo-stop")) && "Running".equals(phase(b, "fo-stop")));
    assertThat(checker.violations()).isEmpty();
  }

  /** The status message and every event message of a definition. */
  private static List<String> messages(FleetProcess through, String definition) {
    List<String> all =
        new ArrayList<>(
            through
                .get("/api/v1/definitions/" + definition + "/events?limit=100")
                .json()
                .findValuesAsString("message"));
    JsonNode message = through.status(definition).get("message");
    if (message != null && !message.isNull()) {
      all.add(message.asString());
    }
    return all;
  }

  /** Compute systems on the host that are not stopped. */
  private static int countRunning(FleetProcess h) {
    int n = 0;
    for (JsonNode s : h.get("/api/v1/compute-systems").json()) {
      if (!"Stopped".equals(s.get("state").asString())) {
        n++;
      }
    }
    return n;
  }

  /** Compute systems on the host that no definition it sees claims (the sweep removes them). */
  private static int unclaimed(FleetProcess h) {
    int n = 0;
    for (JsonNode s : h.get("/api/v1/compute-systems").json()) {
      if (s.get("definition") == null || s.get("definition").isNull()) {
        n++;
      }
    }
    return n;
  }

  @Test
  @Order(4)
  void drainMovesTheFailoverDefinitionsOneAtATimeAndListsWhatStays() {
    createOn(b, a, vm("fo-drain-1", true), vm("fo-drain-2", true), vm("pinned-drain", false));
    await()
        .atMost(CONVERGE)
        .until(() -> runs(b, "fo-drain-1") && runs(b, "fo-drain-2") && runs(b, "pinned-drain"));

    FleetProcess.Response r = a.post("/api/v1/hosts/hv-b/drain", "");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("moving").valueStream().map(JsonNode::asString).toList())
        .contains("fo-drain-1", "fo-drain-2") // and what failed over to hv-b before
        .doesNotContain("pinned-drain");
    JsonNode staying = r.json().get("staying");
    assertThat(staying.findValuesAsString("name")).contains("pinned-drain");
    assertThat(staying.findValuesAsString("reason")).allMatch(reason -> reason.contains("hv-b"));
    assertThat(a.get("/api/v1/hosts/hv-b").json().get("state").asString()).isEqualTo("Draining");

    await("both moved")
        .atMost(CONVERGE)
        .until(
            () ->
                List.of("fo-drain-1", "fo-drain-2").stream()
                    .allMatch(
                        d ->
                            !"hv-b".equals(hostOf(a, d))
                                && hostOf(a, d) != null
                                && "Running".equals(phase(a, d))));
    assertThat(events(a, "fo-drain-1")).contains("Drained");
    assertThat(runs(b, "pinned-drain")).isTrue();
    assertThat(runs(b, "fo-drain-1")).isFalse();
    assertThat(a.post("/api/v1/hosts/hv-b/uncordon", "").status()).isEqualTo(200);
    assertThat(checker.violations()).isEmpty();
  }

  @Test
  @Order(5)
  void schedulingRateAtAThousandDefinitions() {
    int count = 1000;
    List<FleetProcess> all = hosts.stream().filter(FleetProcess::alive).toList();
    all.forEach(h -> a.post("/api/v1/hosts/" + h.name + "/cordon", ""));
    List<Thread> writers = new ArrayList<>();
    int threads = 6;
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread w =
          new Thread(
              () -> {
                for (int i = first; i < count; i += threads) {
                  FleetProcess through = all.get(i % all.size());
                  String body = FleetNode.vm("bulk-" + i, 1, 32, ",\"desiredState\":\"Stopped\"");
                  FleetProcess.Response r = through.post("/api/v1/definitions", body);
                  if (r.status() != 201) {
                    throw new AssertionError(r.status() + " " + r.body());
                  }
                }
              });
      w.start();
      writers.add(w);
    }
    for (Thread w : writers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    long released = System.nanoTime();
    all.forEach(h -> a.post("/api/v1/hosts/" + h.name + "/uncordon", ""));
    await("all assigned")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                a.get("/api/v1/hosts").json().findValues("definitions").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum()
                    >= count);
    double seconds = (System.nanoTime() - released) / 1e9;
    System.out.printf(
        "[fleet] scheduling rate: %d definitions assigned by %d hosts in %.1f s (%.0f/s)%n",
        count, all.size(), seconds, count / seconds);
  }

  @Test
  @Order(6)
  void powerOffEndsTheProcessAtOnceAndItsFailoverDefinitionRunsElsewhere() throws Exception {
    createOn(b, a, vm("fo-power", true));
    await().atMost(CONVERGE).until(() -> runs(b, "fo-power"));
    FleetProcess.Response r = b.post("/api/v1/simulator/host/power-off", "");
    assertThat(r.status()).isEqualTo(202);
    assertThat(b.awaitExit(Duration.ofSeconds(10))).isNotZero();
    assertThat(
            Files.list(b.dataDir.resolve("data/simulator/systems"))
                .filter(p -> p.toString().endsWith(".json")))
        .isEmpty();
    await("fo-power running on another host")
        .atMost(LEASE.plus(FAILOVER_AFTER).plusSeconds(10))
        .until(
            () -> !"hv-b".equals(hostOf(a, "fo-power")) && "Running".equals(phase(a, "fo-power")));
    assertThat(checker.violations()).isEmpty();
  }
}
