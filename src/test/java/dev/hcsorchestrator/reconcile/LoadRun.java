package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Phase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Load (docs/reliability.md): 200 concurrent API clients for 60 s, mixed reads and writes on 1,000
 * definitions while the reconciler runs on the simulated host. Prints, per endpoint, the request
 * count, errors, p50, p99 and max; fails on any error (a 5xx, a refused connection, a timeout, or a
 * 4xx other than the 409 of a lost If-Match race). Not part of {@code ./mvnw verify}: run it with
 * {@code ./mvnw -Preliability test -Dtest=LoadRun} ({@code -Dload.clients}, {@code -Dload.seconds},
 * {@code -Dload.definitions} change the figures).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/load-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.fleet.capacity.processors=100000",
      "hcs.fleet.capacity.memory-mb=100000000",
      "logging.level.root=WARN",
      "server.tomcat.threads.max=250",
      "hcs.security.tokens[0].name=load",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=load-token"
    })
@DirtiesContext
class LoadRun {

  static final int CLIENTS = Integer.getInteger("load.clients", 200);
  static final int SECONDS = Integer.getInteger("load.seconds", 60);
  static final int DEFINITIONS = Integer.getInteger("load.definitions", 1000);
  static final String TOKEN = "load-token";

  @LocalServerPort int port;
  @Autowired Definitions definitions;

  final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> conflicts = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

  @Test
  void twoHundredClientsForAMinuteGetNoError() throws Exception {
    for (int i = 0; i < DEFINITIONS; i++) {
      definitions.create(ReconcileBenchmark.vm("load-" + i));
    }
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                java.util.stream.IntStream.range(0, DEFINITIONS)
                    .allMatch(
                        i ->
                            definitions
                                .find("load-" + i)
                                .map(d -> d.status().phase() == Phase.Running)
                                .orElse(false)));

    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(16))
            .build();
    String base = "http://127.0.0.1:" + port;
    long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
    AtomicLong created = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch done = new CountDownLatch(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.execute(
          () -> {
            try {
              while (System.nanoTime() < end) {
                oneRequest(http, base, client, created);
              }
            } finally {
              done.countDown();
            }
          });
    }
    done.await();
    clients.shutdown();

    System.out.printf(
        "%nLoad: %d clients, %d s, %d definitions, reconciler running (load average %.1f)%n",
        CLIENTS, SECONDS, DEFINITIONS, loadAverage());
    System.out.printf(
        "%-28s %8s %7s %9s %8s %8s %8s%n",
        "endpoint", "requests", "errors", "409 race", "p50 ms", "p99 ms", "max ms");
    int totalErrors = 0;
    for (Map.Entry<String, ConcurrentLinkedQueue<Long>> e : new TreeMap<>(latencies).entrySet()) {
      List<Long> sorted = new ArrayList<>(e.getValue());
      sorted.sort(null);
      int errs = count(errors, e.getKey());
      totalErrors += errs;
      System.out.printf(
          "%-28s %8d %7d %9d %8.1f %8.1f %8.1f%n",
          e.getKey(),
          sorted.size(),
          errs,
          count(conflicts, e.getKey()),
          pct(sorted, 0.50),
          pct(sorted, 0.99),
          sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    }
    System.out.println("First errors: " + samples.stream().limit(5).toList());
    assertThat(totalErrors).as("errors; first: %s", samples).isZero();
  }

  /** One request of the mix: 70 % reads, 30 % writes (label updates, creates, deletes). */
  void oneRequest(HttpClient http, String base, int client, AtomicLong created) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int dice = r.nextInt(100);
    String name = "load-" + r.nextInt(DEFINITIONS);
    if (dice < 30) {
      call(http, "GET /definitions/{name}", "GET", base + "/api/v1/definitions/" + name, null);
    } else if (dice < 45) {
      call(
          http,
          "GET /definitions?page",
          "GET",
          base + "/api/v1/definitions?size=50&page=" + r.nextInt(DEFINITIONS / 50),
          null);
    } else if (dice < 55) {
      call(
          http,
          "GET /definitions/{name}/events",
          "GET",
          base + "/api/v1/definitions/" + name + "/events?limit=10",
          null);
    } else if (dice < 70) {
      call(http, "GET /compute-systems", "GET", base + "/api/v1/compute-systems", null);
    } else if (dice < 90) {
      call(
          http,
          "PATCH labels (PUT)",
          "PUT",
          base + "/api/v1/definitions/" + name,
          body(name, "c" + client + "-" + r.nextInt(1000)));
    } else if (dice < 95) {
      String fresh = "load-new-" + client + "-" + created.incrementAndGet();
      call(http, "POST /definitions", "POST", base + "/api/v1/definitions", body(fresh, "new"));
    } else {
      String fresh = "load-new-" + client + "-" + created.incrementAndGet();
      if (call(
          http, "POST /definitions", "POST", base + "/api/v1/definitions", body(fresh, "gone"))) {
        call(
            http,
            "DELETE /definitions/{name}",
            "DELETE",
            base + "/api/v1/definitions/" + fresh,
            null);
      }
    }
  }

  /** The spec ReconcileBenchmark.vm declares, with one label: a label change replaces nothing. */
  static String body(String name, String label) {
    return """
        {"name":"%s","kind":"VirtualMachine","labels":{"load":"%s"},
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"d","sizeGB":1}]}}"""
        .formatted(name, label);
  }

  boolean call(HttpClient http, String endpoint, String method, String url, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TOKEN);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    long start = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      latencies
          .computeIfAbsent(endpoint, k -> new ConcurrentLinkedQueue<>())
          .add(System.nanoTime() - start);
      int s = r.statusCode();
      if (s == 409) {
        conflicts.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
        return false;
      }
      if (s >= 400) {
        error(endpoint, method + " " + url + " -> " + s + " " + r.body());
        return false;
      }
      return true;
    } catch (Exception e) {
      latencies
          .computeIfAbsent(endpoint, k -> new ConcurrentLinkedQueue<>())
          .add(System.nanoTime() - start);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      error(endpoint, method + " " + url + " -> " + e);
      return false;
    }
  }

  void error(String endpoint, String what) {
    errors.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
    if (samples.size() < 20) {
      samples.add(what);
    }
  }

  static int count(Map<String, AtomicInteger> m, String key) {
    AtomicInteger n = m.get(key);
    return n == null ? 0 : n.get();
  }

  static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1))) / 1e6;
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
