package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.jna.TwinBackend;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.jna.TwinVirtDiskBackend;
import dev.hcsorchestrator.host.jna.TwinVirtDiskLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole service on the native path: the reconciler drives {@code NativeComputeCore}, which
 * calls the C twin of computecore.dll through JNA; the twin forwards to a simulated host this test
 * holds, so it can make the guest shut down from outside. A VM with restart policy Always comes
 * back after a guest shutdown as a new compute system.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/native-reconcile-${random.uuid}",
      "hcs.storage.image-roots[0]=${user.dir}/target/it-data/native-images",
      "hcs.host.mode=native",
      "hcs.host.native.library=${hcs.twin.library}",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=native-it-token"
    })
@DirtiesContext
class NativeReconcileIT {

  private static SimulatedComputeCore sim;
  // Held while the twin may call it.
  private static TwinVirtDiskBackend disks;
  private static Path osDisk;

  @LocalServerPort int port;

  /** Before the context starts: the native host probes the service as it comes up. */
  @BeforeAll
  static void twinForwardingToASimulatedHost() throws Exception {
    String path = TwinLibrary.pathOrSkip();
    System.setProperty("hcs.twin.library", path);
    Path images = Path.of(System.getProperty("user.dir"), "target", "it-data", "native-images");
    Files.createDirectories(images);
    osDisk = Files.writeString(images.resolve("os.vhdx"), "vhdx");
    sim =
        new SimulatedComputeCore(
            Path.of("target", "it-data", "native-sim-" + UUID.randomUUID()),
            new SimulatorFaults(),
            SimulatorSettings.none());
    // Stays installed while the context lives; the context is closed after this class.
    new TwinBackend(TwinLibrary.load(path), sim).install();
    // virtdisk too: the grants walk the disk's chain through it
    disks =
        new TwinVirtDiskBackend(
            TwinVirtDiskLibrary.load(path), new SimulatedVirtualDisks(new SimulatorFaults()));
    disks.install();
  }

  @Test
  void restartsAVmAfterItsGuestShutsDownOverTheNativePath() {
    Api api = new Api("http://127.0.0.1:" + port, "native-it-token");
    String name = "native-" + UUID.randomUUID().toString().substring(0, 8);
    String body =
        """
        {"name":"%s","kind":"VirtualMachine","restartPolicy":"Always","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","path":%s}]}}"""
            .formatted(name, "\"" + osDisk.toString().replace("\\", "\\\\") + "\"");
    Api.Response created = api.post("/api/v1/definitions", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "Running".equals(status(api, name).path("phase").asString()));
    String first = status(api, name).path("computeSystemId").asString();
    assertThat(sim.snapshot()).anyMatch(s -> s.id().equals(first));

    // The guest shuts itself down: the exit event crosses the twin's native thread and JNA.
    sim.exitFromOutside(first, NotificationType.GracefulExit, 0);

    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              JsonNode s = status(api, name);
              assertThat(s.path("phase").asString()).isEqualTo("Running");
              assertThat(s.path("restartCount").asInt()).isEqualTo(1);
              assertThat(s.path("lastExit").path("type").asString()).isEqualTo("GracefulExit");
              assertThat(s.path("computeSystemId").asString()).isNotEqualTo(first);
            });
    Api.Response host = api.get("/api/v1/compute-systems");
    assertThat(host.body()).contains(status(api, name).path("computeSystemId").asString());
  }

  private static JsonNode status(Api api, String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().path("status");
  }
}
