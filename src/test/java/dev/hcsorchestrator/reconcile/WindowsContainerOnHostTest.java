package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.config.HcsProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on the real host ({@code -Pwindows-hcs}, Windows, as an Administrator): a
 * process-isolated container made from a base image layer Docker has on this host (Nano Server or
 * Server Core LTSC 2022, located with {@code docker inspect}, its folder under Docker's {@code
 * windowsfilter}) runs {@code cmd /c exit 0} with restart policy Always. Its process's exit is
 * observed, and it is started again, twice; deleted, it leaves no compute system, no scratch and
 * nothing in its storage. Skipped, with the reason, where Docker or such an image is absent.
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=native",
      "hcs.reconcile.resync-interval=2s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=windows-hcs",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=windows-hcs-token"
    })
@DirtiesContext
class WindowsContainerOnHostTest {

  /** Base images of the host's own build, smallest first. */
  static final List<String> BASE_IMAGES =
      List.of(
          "mcr.microsoft.com/windows/nanoserver:ltsc2022",
          "mcr.microsoft.com/windows/servercore:ltsc2022");

  static final Duration CONVERGE = Duration.ofMinutes(5);

  private static List<Path> layers;

  @LocalServerPort int port;
  @Autowired HcsProperties properties;

  @BeforeAll
  static void findABaseLayer() throws Exception {
    for (String image : BASE_IMAGES) {
      Optional<String> dir =
          run("docker", "image", "inspect", "--format", "{{.GraphDriver.Data.dir}}", image);
      if (dir.isPresent() && Files.isDirectory(Path.of(dir.get()))) {
        layers = layerChain(Path.of(dir.get()));
        return;
      }
    }
    Assumptions.abort(
        "no base image layer on this host: none of "
            + BASE_IMAGES
            + " is in Docker's image store (docker pull one)");
  }

  /** The layer and its parents, topmost first, as its layerchain.json names them. */
  static List<Path> layerChain(Path top) throws IOException {
    List<Path> chain = new ArrayList<>(List.of(top));
    Path file = top.resolve("layerchain.json");
    if (Files.isRegularFile(file)) {
      for (JsonNode parent : JsonMapper.builder().build().readTree(Files.readString(file))) {
        chain.add(Path.of(parent.asString()));
      }
    }
    return chain;
  }

  @DynamicPropertySource
  static void dirs(DynamicPropertyRegistry registry) {
    Path base = Path.of("target", "windows-hcs", UUID.randomUUID().toString()).toAbsolutePath();
    registry.add("hcs.data-dir", () -> base.resolve("data").toString());
    // Docker's windowsfilter folder: where the base layer and its parents are
    registry.add(
        "hcs.storage.image-roots[0]", () -> layers.get(0).getParent().toAbsolutePath().toString());
  }

  @Test
  void aContainerWhoseProcessExitsIsStartedAgainTwiceAndLeavesNothingWhenDeleted()
      throws IOException {
    Api api = new Api("http://127.0.0.1:" + port, "windows-hcs-token", Duration.ofMinutes(2));
    String name = "win-ctr-" + UUID.randomUUID().toString().substring(0, 8);
    String layerList =
        String.join(
            ",",
            layers.stream().map(p -> "\"" + p.toString().replace("\\", "\\\\") + "\"").toList());
    Api.Response created =
        api.post(
            "/api/v1/definitions",
            """
            {"name":"%s","kind":"Container","restartPolicy":"Always",
             "container":{"layers":[%s],"command":"cmd /c exit 0"}}"""
                .formatted(name, layerList));
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    // two restarts: each one after the process of the incarnation before it exited
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> status(api, name).path("restartCount").asInt() >= 2);
    JsonNode status = status(api, name);
    assertThat(status.path("incarnation").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(status.path("lastExit").isMissingNode() || status.path("lastExit").isNull())
        .as("the exit was observed: %s", status)
        .isFalse();
    List<String> events =
        api.get("/api/v1/definitions/" + name + "/events").json().findValuesAsString("type");
    assertThat(events).contains("Exited", "Restarted");

    Api.Response deleted = api.delete("/api/v1/definitions/" + name);
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
    await()
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> api.get("/api/v1/definitions/" + name).status() == 404);

    assertThat(api.get("/api/v1/compute-systems").json().findValuesAsString("id")).isEmpty();
    Path storage = properties.storageRoot();
    if (Files.exists(storage)) {
      try (var left = Files.list(storage)) {
        assertThat(left.toList()).as("left in %s", storage).isEmpty();
      }
    }
  }

  private static JsonNode status(Api api, String name) {
    return api.get("/api/v1/definitions/" + name).json().get("status");
  }

  /** The first line a command prints, or empty if it fails or is not there. */
  private static Optional<String> run(String... command) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text.lines().findFirst().get());
    } catch (IOException e) {
      return Optional.empty(); // no docker on the PATH
    }
  }
}
