package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * This build takes over a data directory an earlier release wrote, and a later change of labels and
 * restart settings on every definition replaces no running system.
 *
 * <p>The fixture {@code release-1a7de05-data.zip} was written by the release at commit {@code
 * 1a7de05} (the last one whose system hash was the spec records' text): its jar ran on the
 * simulated host over {@code /tmp/hcs-upgrade-1a7de05/data} with image root {@code
 * /tmp/hcs-upgrade-1a7de05/images}, a NAT network and four definitions were created (a VM with a
 * differencing, a new, a used-as-is and an ISO disk, two NICs and a socket; a minimal VM; a
 * container with a NIC, environment and mapped folder; a minimal container), all reached {@code
 * Running}, and the service was stopped (a plain stop leaves the systems running). The zip holds
 * the H2 file, the simulator's state, the storage folders and the owner's files. The stored specs
 * and the simulator's documents hold absolute paths, so the fixture is unpacked where it was
 * written (one run at a time, under a lock); that path is a POSIX one, hence not on Windows.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=upgrade-it-token"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fixture holds the POSIX paths it ran on")
class UpgradeFromEarlierReleaseIT {

  static final Path WRITTEN_AT = Path.of("/tmp/hcs-upgrade-1a7de05");
  static final Duration CONVERGE = Duration.ofSeconds(60);
  static final List<String> NAMES =
      List.of("ct-every-kind", "ct-minimal", "vm-every-kind", "vm-minimal");

  static FileChannel lockFile;
  static FileLock lock;

  @DynamicPropertySource
  static void unpack(DynamicPropertyRegistry registry) throws IOException {
    lockFile =
        FileChannel.open(
            Path.of(WRITTEN_AT + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockFile.lock();
    deleteTree(WRITTEN_AT);
    try (InputStream in =
            UpgradeFromEarlierReleaseIT.class.getResourceAsStream("release-1a7de05-data.zip");
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        Path target = WRITTEN_AT.resolve(e.getName()).normalize();
        if (!target.startsWith(WRITTEN_AT)) {
          throw new IllegalStateException("The fixture leaves its folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
    registry.add("hcs.data-dir", () -> WRITTEN_AT.resolve("data").toString());
    registry.add("hcs.storage.image-roots[0]", () -> WRITTEN_AT.resolve("images").toString());
  }

  @AfterAll
  static void cleanUp() throws IOException {
    // the context (and its H2 file) closes after this class; the next run unpacks afresh
    if (lock != null) {
      lock.release();
      lockFile.close();
    }
  }

  @LocalServerPort int port;

  @Test
  void aLabelAndRestartPolicyChangeOnEveryDefinitionReplacesNoSystemTheEarlierReleaseStarted() {
    Api api = new Api("http://127.0.0.1:" + port, "upgrade-it-token", Duration.ofSeconds(30));
    Map<String, String> systems = new HashMap<>();
    for (String name : NAMES) {
      // the first pass of this build over each definition may be under way: it adopts, never
      // replaces, so the phase comes back to Running on the same incarnation
      await()
          .atMost(CONVERGE)
          .alias(name + " is Running again after the takeover")
          .until(() -> "Running".equals(phase(api, name)));
      JsonNode status = api.get("/api/v1/definitions/" + name).json().get("status");
      assertThat(status.get("incarnation").asLong())
          .as("%s: %s", name, api.get("/api/v1/definitions/" + name + "/events").body())
          .isEqualTo(1);
      systems.put(name, status.get("computeSystemId").asString());
    }
    await()
        .atMost(CONVERGE)
        .alias("the systems the earlier release started run on the host")
        .until(() -> systems.values().stream().allMatch(id -> running(api, id)));

    for (String name : NAMES) {
      ObjectNode body = (ObjectNode) api.get("/api/v1/definitions/" + name).json();
      long generation = body.get("generation").asLong();
      for (String field : List.of("generation", "createdAt", "updatedAt", "status")) {
        body.remove(field);
      }
      ((ObjectNode) body.get("labels")).put("upgraded", "yes");
      body.put(
          "restartPolicy",
          "Always".equals(body.get("restartPolicy").asString()) ? "OnFailure" : "Always");
      Api.Response put = api.put("/api/v1/definitions/" + name, body.toString());
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      assertThat(put.json().get("generation").asLong()).isEqualTo(generation + 1);
    }

    for (String name : NAMES) {
      await()
          .atMost(CONVERGE)
          .alias(name + " acted on its new generation")
          .until(
              () -> {
                JsonNode d = api.get("/api/v1/definitions/" + name).json();
                return d.get("status").get("observedGeneration").asLong()
                    == d.get("generation").asLong();
              });
    }
    for (String name : NAMES) {
      JsonNode status = api.get("/api/v1/definitions/" + name).json().get("status");
      assertThat(status.get("phase").asString()).as(name).isEqualTo("Running");
      assertThat(status.get("incarnation").asLong()).as(name).isEqualTo(1);
      assertThat(status.get("computeSystemId").asString()).as(name).isEqualTo(systems.get(name));
      assertThat(running(api, systems.get(name))).as(name).isTrue();
      assertThat(api.get("/api/v1/definitions/" + name + "/events?limit=1000").json())
          .as(name + " has no replacement")
          .noneMatch(e -> "Replaced".equals(e.get("type").asString()));
    }
    assertThat(api.get("/api/v1/compute-systems").json())
        .as("no other system of ours")
        .hasSize(NAMES.size());
  }

  static boolean running(Api api, String id) {
    for (JsonNode s : api.get("/api/v1/compute-systems").json()) {
      if (s.get("id").asString().equals(id)) {
        return "Running".equals(s.get("state").asString());
      }
    }
    return false;
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String phase(Api api, String name) {
    return api.get("/api/v1/definitions/" + name).json().get("status").get("phase").asString();
  }
}
