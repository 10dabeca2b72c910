package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Through HTTP on the simulated host with file grants enforced: a VM whose disk is made over an
 * owner's checkpoint ({@code .avhdx}) that is itself a differencing disk over a {@code .vhd} base
 * runs. Its worker process opens all three files, so it runs only if every file of the chain, as
 * virtdisk reports it parent by parent, was granted to its compute system; a restart grants the
 * next incarnation the same chain, and the delete leaves the owner's two images as they were.
 */
class DifferencingChainOnHostIT extends HttpOnSimulatedHost {

  @Test
  void aVmOverAChainOfTwoParentsRunsWithEveryFileOfTheChainGranted() throws IOException {
    // The owner's images as the simulated virtdisk writes them: a dynamic VHD (its footer cookie
    // first) and a checkpoint naming it as its parent.
    Path base = Files.writeString(images().resolve("chain-base.vhd"), "conectix owner's base");
    Path checkpoint =
        Files.writeString(
            images().resolve("chain-checkpoint.avhdx"),
            "vhdxfile\nsimulated differencing VHDX, ParentPath " + base + "\n");
    Map<Path, String> ownerFiles = new LinkedHashMap<>();
    for (Path f : List.of(base, checkpoint)) {
      ownerFiles.put(f, sha256(f));
    }
    String name = name("vm-chain");
    create(
        """
        {"name":"%s","kind":"VirtualMachine",
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","parent":%s}]}}"""
            .formatted(name, q(checkpoint)));

    JsonNode running = awaitPhase(name, "Running");
    long first = running.get("incarnation").asLong();
    assertThat(hostSystem(running.get("computeSystemId").asString()).get("state").asString())
        .isEqualTo("Running");
    Path os =
        Path.of(
            hcsDocument(name)
                .at("/VirtualMachine/Devices/Scsi/primary/Attachments/0/Path")
                .asString());
    assertThat(Files.readString(os)).contains("ParentPath " + checkpoint);
    assertThat(
            api.get("/api/v1/definitions/" + name + "/events").json().findValuesAsString("message"))
        .noneMatch(m -> m.contains("access denied") || m.contains("cannot be granted"));

    // the next incarnation is granted the whole chain anew (the old one's grants are revoked)
    post("/api/v1/definitions/" + name + "/restart", 202);
    JsonNode restarted =
        awaitStatus(
            name,
            s ->
                "Running".equals(s.get("phase").asString())
                    && s.get("incarnation").asLong() > first);
    assertThat(hostSystem(restarted.get("computeSystemId").asString()).get("state").asString())
        .isEqualTo("Running");

    deleteAndAwaitGone(name);
    assertThat(os).doesNotExist();
    for (Map.Entry<Path, String> f : ownerFiles.entrySet()) {
      assertThat(sha256(f.getKey())).as("owner's file %s", f.getKey()).isEqualTo(f.getValue());
    }
  }
}
