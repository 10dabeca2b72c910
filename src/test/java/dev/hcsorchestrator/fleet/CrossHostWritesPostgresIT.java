package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.TestPostgres;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules that compare definitions hold across hosts: two services on one PostgreSQL, each with
 * its own context and in-memory indexes, race the same writes through both at once; the database
 * lets exactly one win each time.
 */
class CrossHostWritesPostgresIT {

  private static final int ROUNDS = 6;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final List<FleetNode> nodes = new ArrayList<>();
  private static Path shared;

  @BeforeAll
  static void start() throws Exception {
    List<String> database = TestPostgres.springArguments(TestPostgres.newDatabase());
    Files.createDirectories(Path.of("target", "it-data"));
    shared = Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "shared-");
    for (String name : List.of("hv-01", "hv-02")) {
      List<String> args = new ArrayList<>(database);
      args.add("--hcs.storage.image-roots[1]=" + shared);
      nodes.add(FleetNode.start(name, args));
    }
    // both hosts have checked a disk claim before the race: their indexes are loaded
    for (FleetNode node : nodes) {
      Path warm = Files.createFile(shared.resolve("warm-" + node.name + ".vhdx"));
      assertThat(send(node, "POST", "/api/v1/definitions", vmWithDisk("warm-" + node.name, warm)))
          .isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(FleetNode::close);
  }

  @Test
  void oneWritableDiskGoesToOneDefinitionWhenTwoHostsClaimItAtOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Path disk = Files.createFile(shared.resolve("contested-" + round + ".vhdx"));
      int r = round;
      List<Integer> answers =
          race(
              i ->
                  send(
                      nodes.get(i),
                      "POST",
                      "/api/v1/definitions",
                      vmWithDisk("claim-" + r + "-" + i, disk)));
      assertThat(answers).as("round " + round).containsExactlyInAnyOrder(201, 409);
    }
  }

  @Test
  void oneNameGoesToOneDefinitionWhenTwoHostsCreateItAtOnce() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String name = "same-name-" + round;
      List<Integer> answers =
          race(
              i ->
                  send(
                      nodes.get(i), "POST", "/api/v1/definitions", FleetNode.vm(name, 1, 512, "")));
      assertThat(answers).as("round " + round).containsExactlyInAnyOrder(201, 409);
    }
  }

  @Test
  void overlappingSubnetsDeclaredThroughTwoHostsAtOnceOneIsRefused() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      int r = round;
      List<Integer> answers =
          race(
              i ->
                  send(
                      nodes.get(i),
                      "PUT",
                      "/api/v1/networks/overlap-" + r + "-" + i,
                      "{\"type\":\"Internal\",\"subnet\":\"10.77." + r + ".0/" + (24 + i) + "\"}"));
      assertThat(answers).as("round " + round).containsExactlyInAnyOrder(201, 400);
    }
  }

  interface Write {
    int send(int host) throws Exception;
  }

  /** Both hosts send their write at the same moment; their status codes. */
  private static List<Integer> race(Write write) throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<Integer>> sent = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int host = i;
      sent.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  together.await();
                  return write.send(host);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  private static String vmWithDisk(String name, Path disk) {
    return "{\"name\":\""
        + name
        + "\",\"kind\":\"VirtualMachine\",\"desiredState\":\"Stopped\",\"virtualMachine\":"
        + "{\"processors\":1,\"memoryMB\":512,\"disks\":[{\"name\":\"os\",\"path\":\""
        + disk.toString().replace("\\", "\\\\")
        + "\"}]}}";
  }

  private static int send(FleetNode node, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.base + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + FleetNode.TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
