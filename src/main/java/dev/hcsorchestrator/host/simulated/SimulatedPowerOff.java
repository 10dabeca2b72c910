package dev.hcsorchestrator.host.simulated;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated host powering off: every compute system is gone, as after a real host's reboot (HCS
 * keeps no compute system across one). Networks, socket registrations and the files in storage
 * (disks, saved states) stay, as on a real host. Call it once the service's simulated core is
 * closed, or it would write its systems back.
 */
public final class SimulatedPowerOff {

  private SimulatedPowerOff() {}

  /** Where the simulated core keeps its compute systems under {@code hcs.data-dir}. */
  public static Path systemsDir(Path dataDir) {
    return dataDir.resolve("simulator").resolve("systems");
  }

  /** Removes every stored compute system; returns how many there were. */
  public static int powerOff(Path dataDir) throws IOException {
    Path dir = systemsDir(dataDir);
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    return removed;
  }
}
