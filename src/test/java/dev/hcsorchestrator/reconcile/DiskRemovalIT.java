package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.config.HcsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 9's one behaviour change, through HTTP: a disk removed from a running VM's spec is deleted
 * once the replacement incarnation runs, and the other disks are untouched.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/disk-removal-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=disk-removal-it-token"
    })
class DiskRemovalIT {

  @LocalServerPort int port;
  @Autowired HcsProperties properties;

  static String vm(String name, String disks) {
    return """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[%s]}}"""
        .formatted(name, disks);
  }

  List<Path> disks() throws IOException {
    Path root = properties.storageRoot();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".vhdx")).map(root::relativize).toList();
    }
  }

  @Test
  void aDiskRemovedFromARunningVmIsDeletedOnceTheReplacementRunsAndTheOthersStay()
      throws IOException {
    Api api = new Api("http://127.0.0.1:" + port, "disk-removal-it-token", Duration.ofSeconds(30));
    String both = "{\"name\":\"os\",\"sizeGB\":1},{\"name\":\"scratch\",\"sizeGB\":1}";
    Api.Response created = api.post("/api/v1/definitions", vm("removal", both));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> api.get("/api/v1/definitions/removal").json().at("/status/phase").asString(),
            "Running"::equals);
    List<Path> before = disks();
    assertThat(before)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("os.vhdx", "scratch.vhdx");
    Path os =
        properties
            .storageRoot()
            .resolve(
                before.stream()
                    .filter(p -> p.getFileName().toString().equals("os.vhdx"))
                    .findFirst()
                    .orElseThrow());
    long osModified = Files.getLastModifiedTime(os).toMillis();

    Api.Response replaced =
        api.put("/api/v1/definitions/removal", vm("removal", "{\"name\":\"os\",\"sizeGB\":1}"));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var status = api.get("/api/v1/definitions/removal").json().get("status");
              return status.get("incarnation").asLong() == 2
                  && "Running".equals(status.get("phase").asString());
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> disks().size() == 1);
    assertThat(disks()).extracting(p -> p.getFileName().toString()).containsExactly("os.vhdx");
    assertThat(Files.getLastModifiedTime(os).toMillis())
        .as("the kept disk is the same file")
        .isEqualTo(osModified);
  }
}
