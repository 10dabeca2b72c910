package dev.hcsorchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCliTest {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final AtomicInteger scmUsed = new AtomicInteger();
  final AtomicInteger applicationStarts = new AtomicInteger();

  final AppStarter starter =
      (args, defaults) -> {
        applicationStarts.incrementAndGet();
        throw new AssertionError("the application must not start");
      };

  ServiceCli cli(boolean windows, WindowsServices services) {
    return new ServiceCli(
        () -> {
          scmUsed.incrementAndGet();
          return services;
        },
        windows,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  int run(ServiceCli cli, String... words) {
    return cli.run(List.of(words), starter, Path.of("hcs.jar").toAbsolutePath(), Path.of("j"));
  }

  @Test
  void offWindowsEveryServiceActionSaysItNeedsWindowsAndExitsTwoStartingNothing() {
    for (String action : List.of("install", "uninstall", "start", "stop", "status", "run")) {
      assertThat(run(cli(false, null), action)).isEqualTo(2);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs Windows");
    assertThat(scmUsed).hasValue(0);
    assertThat(applicationStarts).hasValue(0);
  }

  @Test
  void argumentsThatAreNotAServiceCommandStartTheApplicationAsUsual() {
    assertThat(ServiceCli.main(new String[] {"--server.port=0"}, starter, null)).isEmpty();
    assertThat(ServiceCli.main(new String[0], starter, null)).isEmpty();
  }

  @Test
  void aUsageErrorPrintsTheUsageAndExitsTwoWithoutTouchingTheScm() {
    assertThat(run(cli(true, null), "install", "--start-type=never")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--start-type").contains("usage:");
    assertThat(scmUsed).hasValue(0);
  }

  @Test
  void statusExitsZeroRunningThreeStoppedFourNotInstalled() {
    FakeScm scm = new FakeScm();
    scm.state = null;
    assertThat(run(cli(true, scm), "status")).isEqualTo(4);
    scm.state = new WindowsServices.ServiceState(ServiceControls.STOPPED, 0);
    assertThat(run(cli(true, scm), "status")).isEqualTo(3);
    scm.state = new WindowsServices.ServiceState(ServiceControls.RUNNING, 4242);
    assertThat(run(cli(true, scm), "status")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("HcsOrchestrator: not installed")
        .contains("HcsOrchestrator: STOPPED")
        .contains("HcsOrchestrator: RUNNING (process 4242)");
  }

  @Test
  void aFailedScmCallPrintsItsMessageAndExitsOne() {
    FakeScm scm = new FakeScm();
    scm.failure = new WindowsServices.Failure("OpenSCManager: Access is denied. (5)", null);
    assertThat(run(cli(true, scm), "start")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Access is denied");
  }

  @Test
  void installGivesTheScmTheServiceCommandLineOfThisJar() {
    FakeScm scm = new FakeScm();
    assertThat(run(cli(true, scm), "install", "--name=Hcs")).isEqualTo(0);
    assertThat(scm.installedCommandLine)
        .contains(" -jar ")
        .contains("hcs.jar")
        .contains(" service run --name=Hcs --home=");
  }

  @Test
  void installGivesAJava25ServiceTheAotCacheBesideTheJarAndAnOlderOneTheCdsArchive(
      @TempDir Path dir) throws Exception {
    Path jar = Files.createFile(dir.resolve("hcs-orchestrator.jar"));
    Path aot = Files.createFile(dir.resolve(ServiceCommand.AOT_CACHE));
    Path jsa = Files.createFile(dir.resolve(ServiceCommand.CDS_ARCHIVE));
    Path java25 = javaHome(dir.resolve("jdk25"), "25.0.3");
    Path java17 = javaHome(dir.resolve("jdk17"), "17.0.15");

    FakeScm scm = new FakeScm();
    assertThat(cli(true, scm).run(List.of("install"), starter, jar, java25)).isEqualTo(0);
    assertThat(scm.installedCommandLine)
        .contains(" -XX:AOTCache=" + aot + " -jar ")
        .doesNotContain("SharedArchiveFile");

    assertThat(cli(true, scm).run(List.of("install"), starter, jar, java17)).isEqualTo(0);
    assertThat(scm.installedCommandLine)
        .contains(" -XX:SharedArchiveFile=" + jsa + " -jar ")
        .doesNotContain("AOTCache");

    Files.delete(jsa);
    assertThat(cli(true, scm).run(List.of("install"), starter, jar, java17)).isEqualTo(0);
    assertThat(scm.installedCommandLine).doesNotContain("-XX:");
  }

  @Test
  void theJavaVersionComesFromTheReleaseFileOfTheServicesJava(@TempDir Path dir) throws Exception {
    Path home = javaHome(dir.resolve("jdk"), "25");
    assertThat(ServiceCli.javaFeatureVersion(home.resolve("bin").resolve("java.exe")))
        .isEqualTo(25);
    assertThat(
            ServiceCli.javaFeatureVersion(
                javaHome(dir.resolve("old"), "1.8.0_402").resolve("bin").resolve("java.exe")))
        .isEqualTo(1);
    assertThat(ServiceCli.javaFeatureVersion(dir.resolve("none").resolve("bin").resolve("java")))
        .isZero();
  }

  /** A Java home as far as the CLI reads it: its {@code release} file. */
  static Path javaHome(Path home, String version) throws Exception {
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  /** The SCM as the CLI sees it. */
  static final class FakeScm implements WindowsServices {
    ServiceState state;
    Failure failure;
    String installedCommandLine;

    private void failIfAsked() {
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void install(String name, ServiceCommand.Install options, String binaryPath) {
      failIfAsked();
      installedCommandLine = binaryPath;
    }

    @Override
    public void uninstall(String name, Duration stopWait) {
      failIfAsked();
    }

    @Override
    public ServiceState start(String name) {
      failIfAsked();
      return new ServiceState(ServiceControls.RUNNING, 1);
    }

    @Override
    public ServiceState stop(String name, Duration wait) {
      failIfAsked();
      return new ServiceState(ServiceControls.STOPPED, 0);
    }

    @Override
    public ServiceState status(String name) {
      failIfAsked();
      return state;
    }

    @Override
    public void dispatch(String name, ServiceRun run) {
      failIfAsked();
    }

    @Override
    public void requestPreshutdownTimeout(String name, int millis) {}

    @Override
    public void logToEventLog(String source) {}
  }
}
