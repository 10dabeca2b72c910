package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10's "How it is checked", through HTTP only, on the simulated host with file grants
 * enforced: a VM with a differencing disk over an owner's image, a new disk, a disk used as is and
 * an ISO runs; its served document enables the guest services at schema 2.5 and names a guest state
 * file in the definition's folder, which outlives a restart of the system; a graceful stop ends far
 * before {@code shutdownTimeoutSeconds}; the delete leaves nothing of the definition's own and
 * every file the owner named byte for byte as it was.
 */
class VirtualMachineOnHostIT extends HttpOnSimulatedHost {

  static final int SHUTDOWN_TIMEOUT_SECONDS = 120;

  /**
   * A graceful stop must take a small fraction of the shutdown timeout (a fallback takes it all).
   */
  static final Duration GRACEFUL_STOP_BOUND = Duration.ofSeconds(30);

  @Test
  void aVmWithEveryOwnerFileRunsShutsDownGracefullyKeepsItsGuestStateAndLeavesTheOwnersFiles()
      throws IOException {
    Path parent = parentImage("ws2022-base.vhdx");
    Path data = Files.writeString(images().resolve("data-used-as-is.vhdx"), "owner's data disk");
    Path iso = Files.writeString(images().resolve("tools.iso"), "owner's tools ISO");
    Map<Path, String> ownerFiles = new LinkedHashMap<>();
    for (Path f : List.of(parent, data, iso)) {
      ownerFiles.put(f, sha256(f));
    }
    String name = name("vm-on-host");
    create(
        """
        {"name":"%s","kind":"VirtualMachine","shutdownTimeoutSeconds":%d,
         "virtualMachine":{"processors":2,"memoryMB":1024,"disks":[
           {"name":"os","parent":%s},
           {"name":"scratch","sizeGB":2},
           {"name":"data","path":%s},
           {"name":"dvd","iso":%s}]}}"""
            .formatted(name, SHUTDOWN_TIMEOUT_SECONDS, q(parent), q(data), q(iso)));

    JsonNode running = awaitPhase(name, "Running");
    long firstIncarnation = running.get("incarnation").asLong();
    assertThat(hostSystem(running.get("computeSystemId").asString()).get("state").asString())
        .isEqualTo("Running");

    // the served document: guest services at 2.5, the disks in order, a guest state file of its own
    JsonNode doc = hcsDocument(name);
    assertThat(doc.at("/SchemaVersion/Major").asInt()).isEqualTo(2);
    assertThat(doc.at("/SchemaVersion/Minor").asInt()).isEqualTo(5);
    JsonNode vm = doc.get("VirtualMachine");
    assertThat(vm.get("Services").propertyNames())
        .containsExactlyInAnyOrder("Shutdown", "Heartbeat", "Timesync", "KvpExchange");
    JsonNode attachments = vm.at("/Devices/Scsi/primary/Attachments");
    List<String> types = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (int lun = 0; lun < 4; lun++) {
      types.add(attachments.get(Integer.toString(lun)).get("Type").asString());
      paths.add(attachments.get(Integer.toString(lun)).get("Path").asString());
    }
    assertThat(types).containsExactly("VirtualDisk", "VirtualDisk", "VirtualDisk", "Iso");
    Path folder = Path.of(paths.get(0)).getParent();
    assertThat(folder.getParent()).isEqualTo(properties.storageRoot().toAbsolutePath().normalize());
    assertThat(paths)
        .containsExactly(
            folder.resolve("os.vhdx").toString(),
            folder.resolve("scratch.vhdx").toString(),
            data.toString(),
            iso.toString());
    Path guestState = Path.of(vm.at("/GuestState/GuestStateFilePath").asString());
    assertThat(guestState.getParent()).isEqualTo(folder);
    assertThat(guestState).isRegularFile();
    assertThat(folder.resolve("os.vhdx")).isRegularFile();
    assertThat(folder.resolve("scratch.vhdx")).isRegularFile();

    // the firmware writes into its state file; a restart of the system keeps that file
    byte[] firmware = "boot order: primary/0; secure boot on".getBytes(StandardCharsets.UTF_8);
    Files.write(guestState, firmware, StandardOpenOption.APPEND);
    byte[] written = Files.readAllBytes(guestState);
    post("/api/v1/definitions/" + name + "/restart", 202);
    JsonNode restarted =
        awaitStatus(
            name,
            s ->
                "Running".equals(s.get("phase").asString())
                    && s.get("incarnation").asLong() > firstIncarnation);
    assertThat(hostSystem(restarted.get("computeSystemId").asString()).get("state").asString())
        .isEqualTo("Running");
    assertThat(hcsDocument(name).at("/VirtualMachine/GuestState/GuestStateFilePath").asString())
        .isEqualTo(guestState.toString());
    assertThat(Files.readAllBytes(guestState)).isEqualTo(written);

    // a graceful stop: the guest's shutdown service answers, no wait for the 120 s fallback; a
    // terminate would fail, so reaching Stopped proves the shutdown itself ended the system
    String systemId = restarted.get("computeSystemId").asString();
    Api.Response fault =
        api.post(
            "/api/v1/simulator/faults",
            "{\"operation\":\"Terminate\",\"hresult\":\"0x80004005\",\"count\":1000}");
    assertThat(fault.status()).as(fault.body()).isIn(200, 201, 204);
    long before = System.nanoTime();
    post("/api/v1/definitions/" + name + "/stop", 202);
    awaitPhase(name, "Stopped");
    Duration took = Duration.ofNanos(System.nanoTime() - before);
    assertThat(took)
        .as("graceful stop took %d ms", took.toMillis())
        .isLessThan(GRACEFUL_STOP_BOUND);
    assertThat(api.delete("/api/v1/simulator/faults").status()).isIn(200, 204);
    assertThat(
            api.get("/api/v1/definitions/" + name + "/events").json().findValuesAsString("message"))
        .contains("Stopped as asked")
        .noneMatch(m -> m.contains("refused"));
    assertThat(hostSystem(systemId)).isNull();
    assertThat(Files.readAllBytes(guestState)).isEqualTo(written);

    deleteAndAwaitGone(name);

    assertThat(goneOrEmpty(folder)).as("the definition's folder %s", folder).isTrue();
    for (Map.Entry<Path, String> f : ownerFiles.entrySet()) {
      assertThat(sha256(f.getKey())).as("owner's file %s", f.getKey()).isEqualTo(f.getValue());
    }
    assertThat(hostSystem(systemId)).isNull();
  }
}
