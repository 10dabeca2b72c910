package dev.hcsorchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./mvnw -Pcds verify} made (target/cds: the extracted jar and the archive of its
 * training run) is what the service runs with: {@code service install} from the extracted jar
 * writes the archive into the service's command line, and a JVM given that option and told to fail
 * when it cannot map the archive ({@code -XX:AOTMode=on}, {@code -Xshare:on}) starts the
 * application with its own classes taken from the archive. Runs only in the {@code cds} profile.
 */
@Tag("cds")
class CdsArchiveIT {

  static final Path CDS = Path.of("target", "cds").toAbsolutePath();

  @Test
  void theServiceCommandOfTheExtractedJarMapsTheArchiveTheBuildMade(@TempDir Path work)
      throws Exception {
    boolean aotCache = Runtime.version().feature() >= 25;
    Path archive = CDS.resolve(aotCache ? ServiceCommand.AOT_CACHE : ServiceCommand.CDS_ARCHIVE);
    assertThat(archive).isRegularFile();
    Path jar;
    try (Stream<Path> files = Files.list(CDS)) {
      jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
    }
    Path javaHome = Path.of(System.getProperty("java.home"));

    ServiceCliTest.FakeScm scm = new ServiceCliTest.FakeScm();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServiceCli cli =
        new ServiceCli(
            () -> scm,
            true,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    AppStarter none =
        (args, defaults) -> {
          throw new AssertionError("install must not start the application");
        };
    assertThat(cli.run(List.of("install"), none, jar, javaHome)).as(out.toString()).isZero();
    String commandLine = scm.installedCommandLine;
    // The JVM options of the installed command line, between java.exe and -jar: the archive's.
    String option = ServiceCommand.archiveOption(archive);
    String java = ServiceCommand.quote(javaHome.resolve("bin").resolve("java.exe").toString());
    assertThat(commandLine).startsWith(java + " " + ServiceCommand.quote(option) + " -jar ");

    // Started as the SCM would start it, with the archive made mandatory.
    Path loads = work.resolve("class-load.txt");
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.add(option);
    command.add(aotCache ? "-XX:AOTMode=on" : "-Xshare:on");
    command.add("-Xlog:class+load:file=" + loads);
    command.add("-Dspring.context.exit=onRefresh");
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--hcs.data-dir=" + work.resolve("data"),
            "--hcs.host.mode=simulated",
            "--server.port=0"));
    Path output = work.resolve("output.txt");
    Process jvm =
        new ProcessBuilder(command)
            .directory(CDS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      assertThat(jvm.waitFor(5, TimeUnit.MINUTES)).as("the start ended").isTrue();
    } finally {
      jvm.destroyForcibly();
    }
    assertThat(jvm.exitValue()).as(Files.readString(output)).isZero();
    assertThat(Files.readString(loads))
        .contains("dev.hcsorchestrator.HcsOrchestratorApplication source: shared objects file");
  }
}
