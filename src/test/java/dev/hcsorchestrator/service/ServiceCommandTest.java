package dev.hcsorchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.service.ServiceCommand.Action;
import dev.hcsorchestrator.service.ServiceCommand.StartType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceCommandTest {

  static final Path JAR = Path.of("/opt/hcs/hcs-orchestrator.jar").toAbsolutePath();
  static final Path JAVA_HOME = Path.of("/opt/java").toAbsolutePath();

  static ServiceCommand parse(String... words) throws ServiceCommand.UsageException {
    return ServiceCommand.parse(List.of(words), JAR, JAVA_HOME);
  }

  @Test
  void installDefaultsToAnAutomaticLocalSystemServiceThatRestartsThreeTimes() throws Exception {
    ServiceCommand c = parse("install");
    assertThat(c.action()).isEqualTo(Action.install);
    assertThat(c.name()).isEqualTo("HcsOrchestrator");
    assertThat(c.home()).isEqualTo(JAR.getParent());
    ServiceCommand.Install o = c.install();
    assertThat(o.startType()).isEqualTo(StartType.auto);
    assertThat(o.account()).isNull();
    assertThat(o.restartAttempts()).isEqualTo(3);
    assertThat(o.restartDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.resetFailuresAfter()).isEqualTo(Duration.ofDays(1));
    assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(o.dependsOn()).containsExactly("vmcompute");
    assertThat(o.java()).isEqualTo(JAVA_HOME.resolve("bin").resolve("java.exe"));
  }

  @Test
  void installTakesAccountStartTypeAndRecoveryOptions() throws Exception {
    ServiceCommand.Install o =
        parse(
                "install",
                "--account=.\\hcs-svc",
                "--password=s3cret",
                "--start-type=delayed-auto",
                "--restart-delay=30s",
                "--restart-attempts=2",
                "--reset-failures-after=2h",
                "--depends-on=")
            .install();
    assertThat(o.account()).isEqualTo(".\\hcs-svc");
    assertThat(o.password()).isEqualTo("s3cret");
    assertThat(o.startType()).isEqualTo(StartType.delayed_auto);
    assertThat(o.restartDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.restartAttempts()).isEqualTo(2);
    assertThat(o.resetFailuresAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(o.dependsOn()).isEmpty();
  }

  @Test
  void badInstallOptionsAreUsageErrorsNamingTheOption() {
    assertThatThrownBy(() -> parse("install", "--start-type=sometimes"))
        .hasMessageContaining("--start-type");
    assertThatThrownBy(() -> parse("install", "--password=x"))
        .hasMessageContaining("--password needs --account");
    assertThatThrownBy(() -> parse("install", "--restart-delay=soon"))
        .hasMessageContaining("--restart-delay");
    assertThatThrownBy(() -> parse("install", "--restart-attempts=11"))
        .hasMessageContaining("--restart-attempts");
    assertThatThrownBy(() -> parse("install", "--shutdown-timeout=2h"))
        .hasMessageContaining("--shutdown-timeout");
    assertThatThrownBy(() -> parse("start", "--account=x")).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> parse("reboot")).hasMessageContaining("unknown action");
    assertThatThrownBy(() -> parse()).hasMessageContaining("missing action");
  }

  @Test
  void runPassesItsOtherOptionsToTheApplicationAfterTheConfigFolderOfItsHome() throws Exception {
    Path home = Path.of("/srv/hcs").toAbsolutePath();
    ServiceCommand c = parse("run", "--name=Hcs2", "--home=" + home, "--server.port=9000");
    assertThat(c.name()).isEqualTo("Hcs2");
    assertThat(c.springArgs())
        .containsExactly(
            "--spring.config.additional-location=optional:file:"
                + home.resolve("config").toString().replace('\\', '/')
                + "/",
            "--server.port=9000");
    assertThat(c.applicationDefaults())
        .containsEntry("hcs.data-dir", home.resolve("data").toString())
        .containsEntry(
            "logging.file.name", home.resolve("logs").resolve("hcs-orchestrator.log").toString());
  }

  @Test
  void theServiceCommandLineRunsTheSameJarWithItsHomeQuotedForWindows() {
    assertThat(
            ServiceCommand.binaryPath(
                Path.of("C:\\Program Files\\Java\\bin\\java.exe"),
                Path.of("C:\\hcs\\hcs-orchestrator.jar"),
                "HcsOrchestrator",
                Path.of("C:\\hcs")))
        .endsWith(" service run --name=HcsOrchestrator --home=C:\\hcs")
        .startsWith("\"C:\\Program Files\\Java\\bin\\java.exe\" -jar ");
    assertThat(
            ServiceCommand.binaryPath(
                Path.of("C:\\Program Files\\Java\\bin\\java.exe"),
                Path.of("C:\\hcs\\app\\hcs-orchestrator.jar"),
                "HcsOrchestrator",
                Path.of("C:\\hcs"),
                Path.of("C:\\hcs\\app\\hcs-orchestrator.jsa")))
        .startsWith(
            "\"C:\\Program Files\\Java\\bin\\java.exe\""
                + " -XX:SharedArchiveFile=C:\\hcs\\app\\hcs-orchestrator.jsa -jar ");
    assertThat(
            ServiceCommand.binaryPath(
                Path.of("C:\\Program Files\\Java\\bin\\java.exe"),
                Path.of("C:\\hcs app\\hcs-orchestrator.jar"),
                "HcsOrchestrator",
                Path.of("C:\\hcs"),
                Path.of("C:\\hcs app\\hcs-orchestrator.aot")))
        .startsWith(
            "\"C:\\Program Files\\Java\\bin\\java.exe\""
                + " \"-XX:AOTCache=C:\\hcs app\\hcs-orchestrator.aot\" -jar ");
    assertThat(ServiceCommand.quote("C:\\My Apps\\")).isEqualTo("\"C:\\My Apps\\\\\"");
    assertThat(ServiceCommand.quote("C:\\hcs")).isEqualTo("C:\\hcs");
  }
}
