package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The data folder, the H2 database files and the generated token: the service account's only. */
@ExtendWith(OutputCaptureExtension.class)
class DataDirectoryAccessIT {

  @BeforeEach
  void posixOnly() {
    Assumptions.assumeTrue(
        Path.of(".").getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX modes (Windows gets an owner-only ACL, not checked here)");
  }

  private static ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class)
        .run(
            "--hcs.data-dir=" + dataDir,
            "--hcs.host.mode=simulated",
            "--hcs.reconcile.enabled=false",
            "--server.port=0");
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void aNewDataFolderItsDatabaseAndTokenAreOwnerOnly() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dataDir =
        Files.createTempDirectory(Path.of("target").toAbsolutePath(), "data-access-it-")
            .resolve("data");
    try (ConfigurableApplicationContext context = start(dataDir)) {
      assertThat(mode(dataDir)).isEqualTo("rwx------");
      assertThat(mode(dataDir.resolve("hcs.mv.db"))).isEqualTo("rw-------");
      assertThat(mode(dataDir.resolve("operator.token"))).isEqualTo("rw-------");
    }
  }

  @Test
  void anExistingDataFolderOthersCouldReadIsTightenedWithAWarning(CapturedOutput output)
      throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "data-open-it-");
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (ConfigurableApplicationContext context = start(dataDir)) {
      assertThat(mode(dataDir)).isEqualTo("rwx------");
      assertThat(mode(dataDir.resolve("hcs.mv.db"))).isEqualTo("rw-------");
    }
    assertThat(output.getAll()).contains(dataDir + " was accessible to other accounts");
  }
}
