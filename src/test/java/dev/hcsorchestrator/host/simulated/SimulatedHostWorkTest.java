package dev.hcsorchestrator.host.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one change costs the simulated host in bytes written, with 100 systems on it and with 1,000:
 * the same per grant, per revoke and per system, however many others exist. Every figure is
 * measured from outside the simulator, as the bytes this process hands to {@code write} ({@code
 * wchar} of {@code /proc/self/io}), so a store that rewrites more than the change fails whatever
 * way it writes. Linux only (where the build runs); skipped elsewhere.
 */
class SimulatedHostWorkTest {

  private static final Path IO = Path.of("/proc/self/io");
  private static final int CHANGES = 100;

  @TempDir Path dir;

  /** Bytes written per grant and revoke, and per system created and started. */
  record PerChange(long perGrant, long perSystem) {}

  @Test
  void aGrantAndASystemCostTheSameBytesWithTenTimesTheSystems() throws IOException {
    assumeTrue(Files.isReadable(IO), "needs /proc/self/io");
    PerChange small = measure(100);
    PerChange large = measure(1_000);
    System.out.printf(
        "simulated host, bytes written: 100 systems %s, 1,000 systems %s%n", small, large);

    assertThat(small.perGrant()).as("bytes per grant with 100 systems").isPositive();
    assertThat(large.perGrant())
        .as("bytes per grant with 1,000 systems (%s with 100)", small.perGrant())
        .isLessThanOrEqualTo(small.perGrant() * 3 / 2 + 256);
    assertThat(large.perSystem())
        .as("bytes per system with 1,000 systems (%s with 100)", small.perSystem())
        .isLessThanOrEqualTo(small.perSystem() * 3 / 2 + 256);
  }

  private PerChange measure(int existing) throws IOException {
    Path root = dir.resolve("n" + existing);
    List<String> files = List.of(file(root, "a.vhdx"), file(root, "b.iso"), file(root, "c.vmgs"));
    SimulatedComputeCore core =
        new SimulatedComputeCore(
            root.resolve("systems"),
            new SimulatorFaults(),
            SimulatorSettings.none().withEnforcedGrants());
    try {
      for (int i = 0; i < existing; i++) {
        String id = "vm-" + i;
        files.forEach(f -> core.grantVmAccess(id, f));
        core.createComputeSystem(id, document(files.get(2)));
      }
      long start = written();
      for (int i = 0; i < CHANGES; i++) {
        for (String f : files) {
          core.revokeVmAccess("vm-" + i, f);
          core.grantVmAccess("vm-" + i, f);
        }
      }
      long grants = written() - start;
      start = written();
      for (int i = 0; i < CHANGES; i++) {
        system(core, "next-" + i, files);
      }
      long systems = written() - start;
      return new PerChange(grants / (CHANGES * files.size() * 2L), systems / CHANGES);
    } finally {
      core.close();
    }
  }

  private static void system(SimulatedComputeCore core, String id, List<String> files) {
    files.forEach(f -> core.grantVmAccess(id, f));
    core.createComputeSystem(id, document(files.get(2)));
    core.startComputeSystem(id, null);
  }

  private static String document(String guestState) {
    return Documents.VM.replace(
        "\"Services\"",
        "\"GuestState\":{\"GuestStateFilePath\":\""
            + guestState.replace("\\", "\\\\")
            + "\"},\"Services\"");
  }

  private static String file(Path root, String name) throws IOException {
    Files.createDirectories(root);
    return Files.writeString(root.resolve(name), name).toString();
  }

  /** Bytes this process has passed to write calls so far. */
  private static long written() throws IOException {
    for (String line : Files.readAllLines(IO)) {
      if (line.startsWith("wchar:")) {
        return Long.parseLong(line.substring("wchar:".length()).trim());
      }
    }
    throw new IllegalStateException("no wchar in " + IO);
  }
}
