package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service of a fleet in a test: its own Spring context, simulated host and data directory, on
 * the database the arguments name (H2 under its data dir by default), reached over HTTP.
 */
final class FleetNode implements AutoCloseable {

  static final String TOKEN = "fleet-it-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final String name;
  final Path dataDir;
  final ConfigurableApplicationContext context;
  final String base;

  private FleetNode(String name, Path dataDir, ConfigurableApplicationContext context) {
    this.name = name;
    this.dataDir = dataDir;
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.base = "http://127.0.0.1:" + port;
  }

  /** Starts host {@code name}; {@code extra} are further arguments (database, labels, capacity). */
  static FleetNode start(String name, List<String> extra) throws IOException {
    Files.createDirectories(Path.of("target", "it-data"));
    Path dir = Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "fleet-");
    Files.createDirectories(dir.resolve("images"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--hcs.fleet.host-name=" + name,
                "--hcs.fleet.lease-duration=3s",
                "--hcs.fleet.failover-after=6s",
                "--hcs.host.mode=simulated",
                "--hcs.data-dir=" + dir.resolve("data"),
                "--hcs.storage.image-roots[0]=" + dir.resolve("images"),
                "--hcs.reconcile.resync-interval=2s",
                "--server.port=0",
                "--hcs.security.tokens[0].name=it",
                "--hcs.security.tokens[0].role=operator",
                "--hcs.security.tokens[0].value=" + TOKEN));
    args.addAll(extra);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(HcsOrchestratorApplication.class)
            .run(args.toArray(String[]::new));
    return new FleetNode(name, dir, context);
  }

  record Response(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response put(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              request
                  .header("Authorization", "Bearer " + TOKEN)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
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

  /** A VM with a new disk, asking for {@code processors} and {@code memoryMb}. */
  static String vm(String name, int processors, long memoryMb, String extra) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"VirtualMachine\""
        + extra
        + ",\"virtualMachine\":{\"processors\":"
        + processors
        + ",\"memoryMB\":"
        + memoryMb
        + ",\"disks\":[{\"name\":\"os\",\"sizeGB\":1}]}}";
  }

  @Override
  public void close() {
    context.close();
  }
}
