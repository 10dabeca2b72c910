package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.config.HcsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The set-up shared by the ITs that prove issues 10 and 11 through HTTP: the service on the
 * simulated host (file grants enforced, the simulator's default), an operator token, a data
 * directory and an image root of their own under {@code target/}. Requests wait up to 30 s, so the
 * tests hold on a machine shared with other builds.
 *
 * <p>The context is closed after each class ({@code @DirtiesContext}) rather than cached: Spring's
 * test context cache stops ("pauses") a cached context's lifecycle beans while another context is
 * in use and starts them again when it is reused, and {@code ReconcileWorkers} does not reconcile
 * again after a stop, so a reused context would never act on a new definition (see {@code
 * ReconcileWorkersRestartIT}).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.simulator.enforce-grants=true",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=on-host-it-token"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class HttpOnSimulatedHost {

  static final Duration CONVERGE = Duration.ofSeconds(30);
  static Path base;

  @DynamicPropertySource
  static void dirs(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target", "it-data"));
    base = Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "on-host-");
    Files.createDirectories(base.resolve("images"));
    registry.add("hcs.data-dir", () -> base.resolve("data").toString());
    registry.add("hcs.storage.image-roots[0]", () -> base.resolve("images").toString());
  }

  @LocalServerPort int port;
  @Autowired HcsProperties properties;
  Api api;

  @BeforeEach
  void client() {
    api = new Api("http://127.0.0.1:" + port, "on-host-it-token", Duration.ofSeconds(30));
  }

  @AfterEach
  void clearFaults() {
    api.delete("/api/v1/simulator/faults");
  }

  static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The image root: where the owner's files (parents, ISOs, disks used as is) live. */
  static Path images() {
    return base.resolve("images");
  }

  /** A parent image the simulated host takes for a VHDX: it starts with the VHDX signature. */
  static Path parentImage(String fileName) throws IOException {
    return Files.writeString(images().resolve(fileName), "vhdxfile parent image " + fileName);
  }

  /** A JSON string literal of a path. */
  static String q(Object path) {
    return "\"" + path.toString().replace("\\", "\\\\") + "\"";
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode create(String body) {
    Api.Response r = api.post("/api/v1/definitions", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  JsonNode definition(String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  JsonNode status(String name) {
    return definition(name).get("status");
  }

  String phase(String name) {
    return status(name).get("phase").asString();
  }

  JsonNode awaitStatus(String name, Predicate<JsonNode> condition) {
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> condition.test(status(name)));
    return status(name);
  }

  JsonNode awaitPhase(String name, String phase) {
    return awaitStatus(name, s -> phase.equals(s.get("phase").asString()));
  }

  /** The served HCS document of the definition's current (or next) incarnation. */
  JsonNode hcsDocument(String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name + "/hcs-document");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  void post(String path, int expectedStatus) {
    Api.Response r = api.post(path, null);
    assertThat(r.status()).as(r.body()).isEqualTo(expectedStatus);
  }

  void deleteAndAwaitGone(String name) {
    Api.Response r = api.delete("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.get("/api/v1/definitions/" + name).status() == 404);
  }

  /** What the host runs now under the given compute system id, or null. */
  JsonNode hostSystem(String id) {
    for (JsonNode s : api.get("/api/v1/compute-systems").json()) {
      if (s.get("id").asString().equals(id)) {
        return s;
      }
    }
    return null;
  }

  /** The system exits behind the service's back, as a guest crashing or shutting itself down. */
  void exitBehindTheServicesBack(String systemId, String exitType) {
    Api.Response r =
        api.post(
            "/api/v1/simulator/compute-systems/" + systemId + "/exit",
            "{\"exitType\":\"" + exitType + "\",\"exitCode\":0}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
  }

  /** Whether a folder is gone or holds nothing. */
  static boolean goneOrEmpty(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return true;
    }
    try (var entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    }
  }
}
