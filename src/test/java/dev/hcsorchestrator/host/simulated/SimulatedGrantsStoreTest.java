package dev.hcsorchestrator.host.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grants outlive a restart of the service, one file per system id; an earlier table is taken over.
 */
class SimulatedGrantsStoreTest {

  @TempDir Path dir;

  @Test
  void grantsOutliveARestartAndARevokedSystemLeavesNoFile() throws IOException {
    Path disk = Files.writeString(dir.resolve("a.vhdx"), "a");
    Path iso = Files.writeString(dir.resolve("b.iso"), "b");
    Path store = dir.resolve("grants");
    SimulatedGrants first = new SimulatedGrants(true, store);
    first.grant("HcsGrantVmAccess", "vm-1", disk.toString());
    first.grant("HcsGrantVmAccess", "vm-1", iso.toString());
    first.grant("HcsGrantVmAccess", "vm-2", disk.toString());
    first.revoke("HcsRevokeVmAccess", "vm-2", disk.toString());

    SimulatedGrants second = new SimulatedGrants(true, store);

    assertThat(second.isGranted("vm-1", disk.toString())).isTrue();
    assertThat(second.isGranted("vm-1", iso.toString())).isTrue();
    assertThat(second.isGranted("vm-2", disk.toString())).isFalse();
    try (var files = Files.list(store)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("vm-1.json");
    }
  }

  @Test
  void theWholeTableOfAnEarlierVersionIsTakenOverAndRemoved() throws IOException {
    Path disk = Files.writeString(dir.resolve("a.vhdx"), "a");
    Path table = Files.writeString(dir.resolve("grants.tsv"), "vm-1\t" + disk + "\n");

    SimulatedGrants grants = new SimulatedGrants(true, dir.resolve("grants"));

    assertThat(grants.isGranted("vm-1", disk.toString())).isTrue();
    assertThat(table).doesNotExist();
    assertThat(new SimulatedGrants(true, dir.resolve("grants")).isGranted("vm-1", disk.toString()))
        .isTrue();
  }
}
