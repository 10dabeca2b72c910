package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostEvent;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reconciler's figures on the simulated host with zero latency, each beside its floor (the same
 * work done straight, {@link BenchmarkFloors}). Not a test: Surefire skips it unless the {@code
 * benchmark} profile is on ({@code ./mvnw -Pbenchmark test}).
 */
class ReconcileBenchmark {

  /**
   * Sizes, to run a shorter benchmark on a busy machine: -Dbench.small, -Dbench.large,
   * -Dbench.exits.
   */
  static final int SMALL = Integer.getInteger("bench.small", 1_000);

  static final int LARGE = Integer.getInteger("bench.large", 10_000);
  static final int EXITS = Integer.getInteger("bench.exits", SMALL);

  /** Creates timed over HTTP, and as many done straight: -Dbench.creates. */
  static final int CREATES = Integer.getInteger("bench.creates", 500);

  /** -Dbench.jfr=folder: one JFR recording (profile settings) per phase, written there. */
  static final String JFR = System.getProperty("bench.jfr");

  /** -Dbench.heapdump=file: a dump of the live heap where the heap figure is measured. */
  static final String HEAP_DUMP = System.getProperty("bench.heapdump");

  static void heapDump() throws Exception {
    if (HEAP_DUMP != null) {
      ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .dumpHeap(HEAP_DUMP, true);
    }
  }

  /** Starts a JFR recording of one phase when -Dbench.jfr is given; close() writes it. */
  static AutoCloseable profile(String phase) throws Exception {
    if (JFR == null) {
      return () -> {};
    }
    var recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    recording.start();
    return () -> {
      recording.stop();
      Path dir = Files.createDirectories(Path.of(JFR));
      recording.dump(dir.resolve(phase + ".jfr"));
      recording.close();
    };
  }

  @Test
  void benchmark() throws Exception {
    List<String> report = new Report();
    try (ConfigurableApplicationContext ctx = start()) {
      long cpu0 = cpuMillis();
      long t;
      try (var p = profile("converge-small")) {
        t = converge(ctx, SMALL);
      }
      long cpu = cpuMillis() - cpu0;
      double[] lat;
      try (var p = profile("exits")) {
        lat = exitLatencies(ctx, EXITS);
      }
      double[] http;
      try (var p = profile("http-creates")) {
        http = httpCreates(ctx, CREATES);
      }
      Inventory inventory = ctx.getBean(Inventory.class);
      while (inventory.count(Kind.VirtualMachine, Phase.Running) < SMALL + CREATES + 20) {
        Thread.sleep(5); // a benchmark polling loop, not a test
      }
      // the floors last: their systems and rows must not be in the figures' way
      try (BenchmarkFloors floors = new BenchmarkFloors(ctx, anyDefinition(ctx))) {
        long floor = floors.converge(SMALL);
        report.add(
            String.format(
                "converge %,d definitions from empty: %,d ms (%,d ms CPU) | floor %,d ms | %s",
                SMALL, t, cpu, floor, ratio(t, floor)));
        double[] straight = floors.restarts(EXITS);
        report.add(
            String.format(
                "exit event -> replacement running at %,d (n=%d): p50 %.2f ms, p99 %.2f ms,"
                    + " max %.2f ms | floor (its host calls) p50 %.2f ms, p99 %.2f ms | p50 %s,"
                    + " p99 %s",
                SMALL,
                lat.length,
                pct(lat, 50),
                pct(lat, 99),
                lat[lat.length - 1],
                pct(straight, 50),
                pct(straight, 99),
                ratio(pct(lat, 50), pct(straight, 50)),
                ratio(pct(lat, 99), pct(straight, 99))));
        double[] inserts = floors.creates(CREATES);
        report.add(
            String.format(
                "create over HTTP, reconciler running (n=%d): p50 %.2f ms, p99 %.2f ms, max %.2f"
                    + " ms | floor (insert + commit over JDBC) p50 %.2f ms, p99 %.2f ms | p50 %s,"
                    + " p99 %s",
                http.length,
                pct(http, 50),
                pct(http, 99),
                http[http.length - 1],
                pct(inserts, 50),
                pct(inserts, 99),
                ratio(pct(http, 50), pct(inserts, 50)),
                ratio(pct(http, 99), pct(inserts, 99))));
      }
    }
    try (ConfigurableApplicationContext ctx = start()) {
      long cpu0 = cpuMillis();
      long t;
      try (var p = profile("converge-large")) {
        t = converge(ctx, LARGE);
      }
      long cpu = cpuMillis() - cpu0;
      double passes = passes(ctx);
      List<long[]> idles = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        try (var p = profile("idle-" + (i + 1))) {
          idles.add(idleResync(ctx));
        }
      }
      System.gc();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      heapDump();
      try (BenchmarkFloors floors = new BenchmarkFloors(ctx, anyDefinition(ctx))) {
        long[] idleFloor = new long[3];
        for (int i = 0; i < 3; i++) {
          idleFloor[i] = floors.idleResync();
        }
        long floor = floors.converge(LARGE);
        report.add(
            String.format(
                "converge %,d definitions from empty: %,d ms, %,d ms CPU (%,.0f passes) | floor"
                    + " %,d ms | %s",
                LARGE, t, cpu, passes, floor, ratio(t, floor)));
        for (int i = 0; i < 3; i++) {
          long[] idle = idles.get(i);
          report.add(
              String.format(
                  "idle resync pass at %,d (run %d): %,d ms CPU (all threads), %,d ms wall;"
                      + " meanwhile JIT compiling %,d ms, GC %,d ms | floor (host enumeration +"
                      + " its statement over JDBC) %,d ms CPU | %s",
                  LARGE,
                  i + 1,
                  idle[0],
                  idle[1],
                  idle[2],
                  idle[3],
                  idleFloor[i],
                  ratio(idle[0], idleFloor[i])));
        }
      }
      report.add(
          String.format(
              "heap used after convergence at %,d (after GC): %,d MiB", LARGE, heap >> 20));
    }
    System.out.println();
    System.out.println(
        "==== HCS Orchestrator reconcile benchmark (simulated host, zero latency) ====");
    report.forEach(System.out::println);
    System.out.println(
        "=============================================================================");
  }

  static ConfigurableApplicationContext start() throws Exception {
    Files.createDirectories(Path.of("target", "benchmark"));
    Path dir = Files.createTempDirectory(Path.of("target", "benchmark").toAbsolutePath(), "run-");
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class)
        .run(
            "--hcs.data-dir=" + dir,
            "--hcs.host.mode=simulated",
            // room for every definition on the one simulated host
            "--hcs.fleet.capacity.processors=100000",
            "--hcs.fleet.capacity.memory-mb=100000000",
            "--server.port=0",
            "--hcs.reconcile.resync-interval=1h",
            "--logging.level.root=WARN",
            "--hcs.security.tokens[0].name=bench",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=benchmark-token");
  }

  static DefinitionSpec vm(String name) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .labels(Map.of())
        .virtualMachine(
            new VirtualMachineSpec(
                1, 512L, List.of(new DiskSpec("d", null, 1, null, null, null)), null, null))
        .build();
  }

  /** Creates n definitions from 4 threads; milliseconds until every one is Running. */
  static long converge(ConfigurableApplicationContext ctx, int n) throws Exception {
    Definitions definitions = ctx.getBean(Definitions.class);
    Inventory inventory = ctx.getBean(Inventory.class);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < n; i++) {
      String name = "bench-" + n + "-" + i;
      pool.execute(() -> definitions.create(vm(name)));
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    while (inventory.count(Kind.VirtualMachine, Phase.Running) < n) {
      Thread.sleep(5); // a benchmark polling loop, not a test
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** One guest shutdown per definition, one at a time: event delivery to replacement running. */
  static double[] exitLatencies(ConfigurableApplicationContext ctx, int n) {
    Inventory inventory = ctx.getBean(Inventory.class);
    DefinitionStore definitions = ctx.getBean(DefinitionStore.class);
    SimulatedComputeCore core = ctx.getBean(SimulatedComputeCore.class);
    Map<String, Long> exitedAt = new ConcurrentHashMap<>();
    ComputeHost host = ctx.getBean(ComputeHost.class);
    try (ComputeHost.Subscription s =
        host.subscribe(
            e -> {
              if (e instanceof HostEvent.SystemExited x) {
                exitedAt.putIfAbsent(x.systemId(), System.nanoTime());
              }
            })) {
      List<UUID> ids = definitions.ids();
      double[] out = new double[Math.min(n, ids.size())];
      for (int i = 0; i < out.length; i++) {
        UUID id = ids.get(i);
        String old = inventory.currentSystem(id).orElseThrow();
        core.exitFromOutside(old, NotificationType.GracefulExit, 0);
        while (true) {
          String now = inventory.currentSystem(id).orElse(old);
          if (!now.equals(old) && phase(inventory, id) == Phase.Running) {
            break;
          }
          Thread.onSpinWait();
        }
        long done = System.nanoTime();
        Long t0 = exitedAt.get(old);
        out[i] = (done - (t0 == null ? done : t0)) / 1e6;
      }
      Arrays.sort(out);
      return out;
    }
  }

  static Phase phase(Inventory inventory, UUID id) {
    return inventory.phaseOf(id);
  }

  /**
   * CPU time of the whole process and wall time of one resync pass with nothing to do, and the time
   * the JIT compilers and the garbage collectors report for the same span (their threads' CPU is
   * part of the process CPU).
   */
  static long[] idleResync(ConfigurableApplicationContext ctx) throws InterruptedException {
    ReconcileWorkers workers = ctx.getBean(ReconcileWorkers.class);
    @SuppressWarnings("unchecked")
    WorkQueue<UUID> queue = ctx.getBean(WorkQueue.class);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long gc0 = gcMillis();
    long cpu0 = os.getProcessCpuTime();
    long wall0 = System.nanoTime();
    workers.resync();
    while (queue.depth() > 0 || queue.inFlight() > 0) {
      Thread.sleep(1);
    }
    long cpu = (os.getProcessCpuTime() - cpu0) / 1_000_000;
    long wall = (System.nanoTime() - wall0) / 1_000_000;
    long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
    return new long[] {cpu, wall, jit, gcMillis() - gc0};
  }

  /** CPU time of the whole process (all threads), in milliseconds. */
  static long cpuMillis() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1_000_000;
  }

  static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  /** Reconcile passes so far, of any result. */
  static double passes(ConfigurableApplicationContext ctx) {
    return ctx.getBean(MeterRegistry.class).find("hcs.reconcile").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** The report's lines, each also printed when measured, so a failed step loses none. */
  static final class Report extends ArrayList<String> {
    @Override
    public boolean add(String line) {
      System.out.println("reconcile benchmark: " + line);
      return super.add(line);
    }
  }

  static String ratio(double figure, double floor) {
    return floor <= 0
        ? "ratio n/a (floor below 1 ms)"
        : String.format("ratio %.1f", figure / floor);
  }

  static UUID anyDefinition(ConfigurableApplicationContext ctx) {
    return ctx.getBean(DefinitionStore.class).ids().get(0);
  }

  /**
   * Creates over HTTP, one at a time, each of a VM to run, so that the reconciler works on the
   * earlier ones meanwhile: sorted milliseconds from sending to the 201.
   */
  static double[] httpCreates(ConfigurableApplicationContext ctx, int n) throws Exception {
    String port = ctx.getEnvironment().getProperty("local.server.port");
    HttpClient http = HttpClient.newHttpClient();
    double[] out = new double[n];
    for (int i = -20; i < n; i++) { // 20 to warm up
      String body =
          "{\"name\":\"http-"
              + (i + 20)
              + "\",\"kind\":\"VirtualMachine\",\"virtualMachine\":{\"processors\":1,"
              + "\"memoryMB\":512,\"disks\":[{\"name\":\"os\",\"sizeGB\":1}]}}";
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/definitions"))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .header("Authorization", "Bearer benchmark-token")
              .header("Content-Type", "application/json")
              .build();
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      double ms = (System.nanoTime() - t0) / 1e6;
      if (r.statusCode() != 201) {
        throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.body());
      }
      if (i >= 0) {
        out[i] = ms;
      }
    }
    Arrays.sort(out);
    return out;
  }

  static double pct(double[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
