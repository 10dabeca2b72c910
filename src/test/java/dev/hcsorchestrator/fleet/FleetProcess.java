package dev.hcsorchestrator.fleet;

import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service of a fleet in its own JVM: the application's main class on the test's class path,
 * with its own data directory and simulated host, reached over HTTP. It can be killed with SIGKILL
 * and started again on the same data directory (the host's boot).
 */
final class FleetProcess implements AutoCloseable {

  static final String TOKEN = "fleet-process-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String name;
  final Path dataDir;
  private final List<String> args;
  private final int port;
  private Process process;
  // up: answered since its last start (a booting host's stored systems are not yet restored)
  private volatile boolean up;

  private FleetProcess(String name, Path dataDir, List<String> args, int port) {
    this.name = name;
    this.dataDir = dataDir;
    this.args = args;
    this.port = port;
  }

  /** A host {@code name} with its own data directory under {@code root}, not started yet. */
  static FleetProcess of(String name, Path root, List<String> extra) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--hcs.fleet.host-name=" + name,
                "--hcs.host.mode=simulated",
                "--hcs.data-dir=" + dir.resolve("data"),
                "--hcs.reconcile.resync-interval=2s",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--hcs.security.tokens[0].name=it",
                "--hcs.security.tokens[0].role=operator",
                "--hcs.security.tokens[0].value=" + TOKEN,
                "--logging.file.name=" + dir.resolve("service.log"),
                "--spring.main.banner-mode=off"));
    args.addAll(extra);
    return new FleetProcess(name, dir, args, port);
  }

  /** Starts the JVM; {@link #awaitUp} waits for it to answer. */
  FleetProcess start() throws IOException {
    up = false;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xss512k",
                "-cp",
                System.getProperty("java.class.path"),
                HcsOrchestratorApplication.class.getName()));
    command.addAll(args);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("stdout.log").toFile()))
            .start();
    return this;
  }

  /** Waits until the service answers for its own host. */
  FleetProcess awaitUp() {
    // generous: a JVM's start on a loaded 2-core machine takes minutes
    await(name + " up")
        .atMost(Duration.ofSeconds(400))
        .pollInterval(Duration.ofMillis(250))
        .failFast(name + " exited; see " + dataDir.resolve("stdout.log"), () -> !process.isAlive())
        .ignoreExceptions()
        .until(() -> get("/api/v1/hosts/" + name).status() == 200);
    up = true;
    return this;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Alive and answered since its last start: its simulated host has booted. */
  boolean booted() {
    return up && alive();
  }

  /** SIGKILL: the process ends at once, nothing of it runs any more. */
  void kill9() throws InterruptedException {
    up = false;
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Sends {@code kill -<signal>}: {@code STOP} freezes every thread of the service (as a hung
   * process, while what its simulated host holds stays held), {@code CONT} lets it go on.
   */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** The exit status, once the process ended. */
  int awaitExit(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not end within " + within);
    }
    return process.exitValue();
  }

  record Response(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              request
                  .header("Authorization", "Bearer " + TOKEN)
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A definition's status object. */
  JsonNode status(String definition) {
    Response r = get("/api/v1/definitions/" + definition);
    if (r.status() != 200) {
      throw new AssertionError(r.status() + " " + r.body());
    }
    return r.json().get("status");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
