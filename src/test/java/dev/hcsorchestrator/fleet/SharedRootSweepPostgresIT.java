package dev.hcsorchestrator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.TestPostgres;
import dev.hcsorchestrator.reconcile.ReconcileWorkers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two hosts on one PostgreSQL sharing one storage folder (the shared root of failover definitions
 * and the simulated hosts' disk state): a host sweeps from the shared root only the folders of
 * definitions that no longer exist in the database, whichever host made them, never a folder of a
 * stored definition (running or stopped, here or on the other host), and never a disk another host
 * holds open.
 */
class SharedRootSweepPostgresIT {

  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final Pattern OWNED =
      Pattern.compile("owned[/\\\\]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

  private static String url;
  private static Path owned;
  private static FleetNode a;
  private static FleetNode b;

  @BeforeAll
  static void start() throws Exception {
    url = TestPostgres.newDatabase();
    Files.createDirectories(Path.of("target", "it-data"));
    Path shared =
        Files.createTempDirectory(Path.of("target", "it-data").toAbsolutePath(), "sweep-");
    owned = shared.resolve("owned");
    List<String> common = new ArrayList<>(TestPostgres.springArguments(url));
    common.addAll(
        List.of(
            "--hcs.storage.shared-root=" + owned,
            "--hcs.storage.shared-roots[0]=" + shared.resolve("images"),
            "--hcs.simulator.shared-state=" + shared.resolve("simulator")));
    a = FleetNode.start("hv-a", common);
    b = FleetNode.start("hv-b", common);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static String vm(String name, String host) {
    return FleetNode.vm(
        name, 1, 256, ",\"failover\":true,\"placement\":{\"host\":\"" + host + "\"}");
  }

  /** The definition's folder in the shared root, as its HCS document names its disk. */
  private static Path folderOf(FleetNode on, String definition) {
    Matcher m = OWNED.matcher(on.get("/api/v1/definitions/" + definition + "/hcs-document").body());
    assertThat(m.find()).isTrue();
    return owned.resolve(m.group(1));
  }

  private static Path leftover(String... files) throws Exception {
    Path folder = Files.createDirectories(owned.resolve(UUID.randomUUID().toString()));
    for (String f : files) {
      Files.writeString(folder.resolve(f), "left behind");
    }
    return folder;
  }

  @Test
  void onlyFoldersOfDefinitionsThatNoLongerExistAreSweptAndNeverADiskAHostHoldsOpen()
      throws Exception {
    assertThat(a.post("/api/v1/definitions", vm("runs-on-a", "hv-a")).status()).isEqualTo(201);
    assertThat(a.post("/api/v1/definitions", vm("stopped-on-b", "hv-b")).status()).isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                "Running".equals(a.status("runs-on-a").get("phase").asString())
                    && "Running".equals(a.status("stopped-on-b").get("phase").asString()));
    assertThat(a.post("/api/v1/definitions/stopped-on-b/stop", "").status()).isEqualTo(202);
    await()
        .atMost(CONVERGE)
        .until(() -> "Stopped".equals(a.status("stopped-on-b").get("phase").asString()));
    Path running = folderOf(a, "runs-on-a");
    Path stopped = folderOf(b, "stopped-on-b");
    assertThat(running.resolve("os.vhdx")).exists();
    assertThat(stopped.resolve("os.vhdx")).exists();

    // what a definition long gone left: swept by a host
    Path gone = leftover("os.vhdx", "guest-state.vmgs", "saved-3.vmrs");
    await("the leftover folder swept").atMost(CONVERGE).until(() -> !Files.exists(gone));
    // the stored definitions' files stay, also the stopped one's disk, which no one holds open
    assertThat(running.resolve("os.vhdx")).exists();
    assertThat(stopped.resolve("os.vhdx")).exists();

    // runs-on-a's row goes while hv-a, hung, keeps running its VM with the disk open
    String system = a.status("runs-on-a").get("computeSystemId").asString();
    a.context.getBean(ReconcileWorkers.class).stop();
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        PreparedStatement s = c.prepareStatement("delete from definition where id = ?::uuid")) {
      s.setString(1, running.getFileName().toString());
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    Path later = leftover("saved-7.vmrs");
    await("sweeps ran since").atMost(CONVERGE).until(() -> !Files.exists(later));
    await("hv-b's sweeps keep the disk hv-a holds open")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(running.resolve("os.vhdx")));

    // the VM ends on hv-a: its disk is free, and the folder goes
    FleetNode.Response exit =
        a.post(
            "/api/v1/simulator/compute-systems/" + system + "/exit",
            "{\"exitType\":\"ForcedExit\"}");
    assertThat(exit.status()).as(exit.body()).isLessThan(300);
    await("the folder swept once its disk is free")
        .atMost(CONVERGE)
        .until(() -> !Files.exists(running));
    assertThat(stopped.resolve("os.vhdx")).exists();
  }
}
