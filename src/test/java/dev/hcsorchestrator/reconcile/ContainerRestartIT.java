package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.simulated.SimulatedComputeStorage;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Container storage as Windows needs it, through HTTP on the simulated host (which refuses a second
 * storage filter on a volume, a container on a volume it did not mount, and a detach of a disk
 * whose filter is still on): a container whose process exits is restarted three times and runs
 * after each restart, on the same scratch volume mounted anew for each incarnation; deleting it
 * leaves no system, no attached disk and no file of its own.
 */
class ContainerRestartIT extends HttpOnSimulatedHost {

  @Autowired SimulatedComputeStorage storage;
  @Autowired SimulatedVirtualDisks disks;

  @Test
  void aContainerWhoseProcessExitsRunsAfterEachOfThreeRestartsAndLeavesNothingWhenDeleted()
      throws IOException {
    Path layer = Files.createDirectories(images().resolve(name("base-layer")));
    String name = name("ctr-restart");
    create(
        """
        {"name":"%s","kind":"Container","restartPolicy":"Always","shutdownTimeoutSeconds":5,
         "container":{"layers":[%s],"command":"cmd /c ping -t localhost"}}"""
            .formatted(name, q(layer)));
    JsonNode running = awaitPhase(name, "Running");
    String volume = hcsDocument(name).at("/Container/Storage/Path").asString();
    assertThat(volume).startsWith("\\\\?\\Volume{").endsWith("}\\");
    List<String> systems = new ArrayList<>(List.of(running.get("computeSystemId").asString()));
    List<Path> scratch = scratchDisks();
    assertThat(scratch).hasSize(1);

    for (int restart = 1; restart <= 3; restart++) {
      String system = systems.get(systems.size() - 1);
      exitWorkload(system, 0);
      long incarnation = restart + 1;
      JsonNode after =
          awaitStatus(
              name,
              s ->
                  s.get("incarnation").asLong() == incarnation
                      && "Running".equals(s.get("phase").asString()));
      assertThat(after.get("restartCount").asInt()).isEqualTo(restart);
      assertThat(after.get("lastExit").get("type").asString()).isEqualTo("ProcessExit");
      String next = after.get("computeSystemId").asString();
      assertThat(hostSystem(next).get("state").asString()).isEqualTo("Running");
      assertThat(hostSystem(system)).as("the exited incarnation is gone").isNull();
      assertThat(hcsDocument(name).at("/Container/Storage/Path").asString()).isEqualTo(volume);
      assertThat(storage.servesContainerStorage(volume)).isTrue();
      assertThat(scratchDisks()).isEqualTo(scratch);
      assertThat(disks.attached(scratch.get(0).toString())).isTrue();
      systems.add(next);
    }

    deleteAndAwaitGone(name);

    for (String system : systems) {
      assertThat(hostSystem(system)).isNull();
    }
    assertThat(storage.servesContainerStorage(volume)).isFalse();
    assertThat(disks.attached(scratch.get(0).toString())).as("the scratch disk detached").isFalse();
    Path root = properties.storageRoot();
    assertThat(goneOrEmpty(root) || noFileUnder(root)).as("nothing left in " + root).isTrue();
    assertThat(layer).as("the owner's layer folder stays").isDirectory();
  }

  /** The container's workload process exits with this code. */
  private void exitWorkload(String systemId, int code) {
    int pid = awaitWorkloadPid(systemId);
    Api.Response r =
        api.post(
            "/api/v1/simulator/compute-systems/" + systemId + "/processes/" + pid + "/exit",
            "{\"exitCode\":" + code + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(204);
  }

  private int awaitWorkloadPid(String systemId) {
    JsonNode[] found = new JsonNode[1];
    org.awaitility.Awaitility.await()
        .atMost(CONVERGE)
        .until(
            () -> {
              for (JsonNode s : api.get("/api/v1/simulator/compute-systems").json()) {
                if (s.get("id").asString().equals(systemId)
                    && s.has("processes")
                    && !s.get("processes").isEmpty()) {
                  found[0] = s.get("processes").get(0);
                  return true;
                }
              }
              return false;
            });
    return found[0].get("processId").asInt();
  }

  /** The scratch disks under the storage root. */
  private List<Path> scratchDisks() throws IOException {
    try (Stream<Path> files = Files.walk(properties.storageRoot())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".vhdx")).sorted().toList();
    }
  }

  private static boolean noFileUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.noneMatch(Files::isRegularFile);
    }
  }
}
