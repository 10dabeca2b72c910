package dev.hcsorchestrator.web;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writes under hostile input, over HTTP against the whole service on the simulated host: how fast
 * floods of bad input are refused, how much they delay ordinary writes beside them, and how long
 * each of 200 concurrent creates waits. Not a test: Surefire skips it unless the {@code benchmark}
 * profile is on ({@code ./mvnw -Pbenchmark test}); docs/benchmarks.md holds the figures.
 */
class WriteBenchmark {

  static final String TOKEN = "write-benchmark-token";

  private final HttpClient http = HttpClient.newBuilder().build();
  private int port;

  @Test
  void benchmark() throws Exception {
    List<String> report = new ArrayList<>();
    try (ConfigurableApplicationContext ctx = start()) {
      port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
      warmUp();
      String nulls = nullDisks(1024 * 1024 - 200);
      String disks60k = nullDisks(300 * 1024);
      String labels = badLabels(20_000);
      // each figure is printed as soon as it is measured: a slow service shows what it managed
      figure(report, concurrentCreates(200));
      figure(report, beside("no flood", null));
      figure(report, refusal("20,000 bad label keys", labels));
      figure(report, refusal("300 KB body of 60,000 null disks", disks60k));
      figure(report, refusal("1 MiB body of null disks", nulls));
      figure(report, beside("4 clients flooding 1 MiB null bodies", nulls));
    }
    System.out.println();
    System.out.println("==== HCS Orchestrator write benchmark (simulated host, over HTTP) ====");
    report.forEach(System.out::println);
    System.out.println("=====================================================================");
  }

  private static void figure(List<String> report, String line) {
    System.out.println("write benchmark: " + line);
    report.add(line);
  }

  static ConfigurableApplicationContext start() throws Exception {
    Files.createDirectories(Path.of("target", "benchmark"));
    Path dir = Files.createTempDirectory(Path.of("target", "benchmark").toAbsolutePath(), "run-");
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class)
        .run(
            "--hcs.data-dir=" + dir,
            "--hcs.host.mode=simulated",
            "--hcs.fleet.capacity.processors=100000",
            "--hcs.fleet.capacity.memory-mb=100000000",
            "--server.port=0",
            "--logging.level.root=WARN",
            "--hcs.security.tokens[0].name=bench",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=" + TOKEN);
  }

  static String vm(String name) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"VirtualMachine\",\"desiredState\":\"Stopped\",\"virtualMachine\":"
        + "{\"processors\":1,\"memoryMB\":512,\"disks\":[{\"name\":\"os\",\"sizeGB\":1}]}}";
  }

  /** A VM whose disk list is {@code null}s up to about {@code bytes}. */
  static String nullDisks(int bytes) {
    StringBuilder out =
        new StringBuilder(
            "{\"name\":\"flood\",\"kind\":\"VirtualMachine\",\"virtualMachine\":"
                + "{\"processors\":1,\"memoryMB\":512,\"disks\":[null");
    while (out.length() < bytes - 10) {
      out.append(",null");
    }
    return out.append("]}}").toString();
  }

  static String badLabels(int n) {
    StringBuilder out = new StringBuilder("{\"name\":\"flood\",\"kind\":\"VirtualMachine\",");
    out.append("\"virtualMachine\":{\"processors\":1,\"memoryMB\":512,");
    out.append("\"disks\":[{\"name\":\"os\",\"sizeGB\":1}]},\"labels\":{");
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append("\"!bad ").append(i).append("\":\"v\"");
    }
    return out.append("}}").toString();
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  void warmUp() throws Exception {
    for (int i = 0; i < 200; i++) {
      send("PUT", "/api/v1/definitions/warm-" + i, vm("warm-" + i));
      send("PUT", "/api/v1/definitions/flood", nullDisks(20_000));
    }
  }

  /** Time from sending the body until its 400 arrived, over 5 runs, and the answer's size. */
  String refusal(String what, String body) throws Exception {
    double[] ms = new double[5];
    int status = 0;
    int size = 0;
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      HttpResponse<String> response = send("PUT", "/api/v1/definitions/flood", body);
      ms[i] = (System.nanoTime() - t) / 1e6;
      status = response.statusCode();
      size = response.body().length();
    }
    Arrays.sort(ms);
    return String.format(
        "%s (%,d bytes): answered %d in median %.1f ms, max %.1f ms; answer %,d bytes",
        what, body.length(), status, ms[ms.length / 2], ms[ms.length - 1], size);
  }

  /** Ordinary creates one after another for 5 s, while {@code flood} is sent by 4 clients. */
  String beside(String what, String flood) throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService flooders = Executors.newFixedThreadPool(4);
    List<Future<Integer>> floods = new ArrayList<>();
    if (flood != null) {
      for (int i = 0; i < 4; i++) {
        floods.add(
            flooders.submit(
                () -> {
                  int n = 0;
                  while (!done.get()) {
                    send("PUT", "/api/v1/definitions/flood", flood);
                    n++;
                  }
                  return n;
                }));
      }
    }
    List<Double> ms = new ArrayList<>();
    long end = System.nanoTime() + 5_000_000_000L;
    String prefix = flood == null ? "calm-" : "beside-";
    for (int i = 0; System.nanoTime() < end; i++) {
      long t = System.nanoTime();
      HttpResponse<String> response = send("PUT", "/api/v1/definitions/" + prefix + i, vm("x"));
      if (response.statusCode() >= 300 && response.statusCode() != 400) {
        throw new AssertionError(response.body());
      }
      ms.add((System.nanoTime() - t) / 1e6);
    }
    done.set(true);
    int flooded = 0;
    for (Future<Integer> f : floods) {
      flooded += f.get();
    }
    flooders.shutdown();
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(
        "ordinary PUTs beside %s (%d PUTs, %d flood bodies in 5 s): p50 %.1f ms, p99 %.1f ms,"
            + " max %.1f ms",
        what,
        sorted.length,
        flooded,
        sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.99)],
        sorted[sorted.length - 1]);
  }

  /** {@code n} creates released at once; how long each waited for its answer. */
  String concurrentCreates(int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Double>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = "burst-" + i;
      answers.add(
          pool.submit(
              () -> {
                go.await();
                long t = System.nanoTime();
                HttpResponse<String> r = send("POST", "/api/v1/definitions", vm(name));
                if (r.statusCode() != 201) {
                  throw new AssertionError(r.body());
                }
                return (System.nanoTime() - t) / 1e6;
              }));
    }
    go.countDown();
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      ms[i] = answers.get(i).get();
    }
    pool.shutdown();
    Arrays.sort(ms);
    return String.format(
        "%d concurrent creates: p50 %.0f ms, p99 %.0f ms, max %.0f ms",
        n, ms[n / 2], ms[(int) (n * 0.99)], ms[n - 1]);
  }
}
