package dev.hcsorchestrator.definition;

import static dev.hcsorchestrator.definition.SpecFixture.containerSpec;
import static dev.hcsorchestrator.definition.SpecFixture.properties;
import static dev.hcsorchestrator.definition.SpecFixture.sized;
import static dev.hcsorchestrator.definition.SpecFixture.vmSpec;
import static dev.hcsorchestrator.definition.SpecFixture.withHealthCheck;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code healthCheck} rules of the field table (README.md): ranges, types, kinds, defaults. */
class HealthCheckValidationTest {

  @TempDir Path dataDir;
  @TempDir Path imageRoot;

  private DefinitionValidator validator;

  @BeforeEach
  void setUp() {
    validator = SpecFixture.validator(properties(dataDir, List.of(imageRoot)));
  }

  private DefinitionSpec vm(HealthCheckSpec h) {
    return withHealthCheck(
        vmSpec(new VirtualMachineSpec(2, 2048L, List.of(sized("data", 20)), List.of(), List.of())),
        h);
  }

  private DefinitionSpec container(HealthCheckSpec h) {
    return withHealthCheck(
        containerSpec(
            new ContainerSpec(
                List.of(imageRoot.resolve("base").toString()),
                "run",
                null,
                null,
                null,
                null,
                null,
                null)),
        h);
  }

  private static HealthCheckSpec tcp(int port) {
    return new HealthCheckSpec(HealthCheckType.Tcp, port, null, null, null, null, null);
  }

  private static HealthCheckSpec timings(
      Integer interval, Integer timeout, Integer threshold, Integer delay) {
    return new HealthCheckSpec(HealthCheckType.Tcp, 80, null, interval, timeout, threshold, delay);
  }

  private List<String> fields(DefinitionSpec spec) {
    return SpecFixture.fields(validator, spec);
  }

  @Test
  void aTcpPortIsOneTo65535() {
    assertThat(fields(vm(tcp(1)))).isEmpty();
    assertThat(fields(vm(tcp(65535)))).isEmpty();
    assertThat(fields(vm(tcp(0)))).containsExactly("healthCheck.port");
    assertThat(fields(vm(tcp(65536)))).containsExactly("healthCheck.port");
  }

  @Test
  void timingsHaveTheirRanges() {
    assertThat(fields(vm(timings(1, 1, 1, 0)))).isEmpty();
    assertThat(fields(vm(timings(3600, 600, 100, 3600)))).isEmpty();
    assertThat(fields(vm(timings(0, 0, 0, -1))))
        .containsExactlyInAnyOrder(
            "healthCheck.intervalSeconds",
            "healthCheck.timeoutSeconds",
            "healthCheck.failureThreshold",
            "healthCheck.initialDelaySeconds");
    assertThat(fields(vm(timings(3601, 601, 101, 3601))))
        .containsExactlyInAnyOrder(
            "healthCheck.intervalSeconds",
            "healthCheck.timeoutSeconds",
            "healthCheck.failureThreshold",
            "healthCheck.initialDelaySeconds");
  }

  @Test
  void theTypeIsRequired() {
    assertThat(fields(vm(new HealthCheckSpec(null, 80, null, null, null, null, null))))
        .containsExactly("healthCheck.type");
  }

  @Test
  void tcpNeedsAPortAndNoCommand() {
    assertThat(
            fields(vm(new HealthCheckSpec(HealthCheckType.Tcp, null, "x", null, null, null, null))))
        .containsExactlyInAnyOrder("healthCheck.port", "healthCheck.command");
  }

  @Test
  void execIsForContainersOnlyAndNeedsACommandAndNoPort() {
    HealthCheckSpec exec =
        new HealthCheckSpec(HealthCheckType.Exec, null, "ping", null, null, null, null);
    assertThat(fields(container(exec))).isEmpty();
    assertThat(fields(vm(exec))).containsExactly("healthCheck.type");
    assertThat(
            fields(
                container(
                    new HealthCheckSpec(HealthCheckType.Exec, 80, null, null, null, null, null))))
        .containsExactlyInAnyOrder("healthCheck.port", "healthCheck.command");
  }

  @Test
  void anExecCommandIsOneTo32767CleanCharacters() {
    HealthCheckSpec empty =
        new HealthCheckSpec(HealthCheckType.Exec, null, "", null, null, null, null);
    HealthCheckSpec longest =
        new HealthCheckSpec(HealthCheckType.Exec, null, "x".repeat(32767), null, null, null, null);
    HealthCheckSpec tooLong =
        new HealthCheckSpec(HealthCheckType.Exec, null, "x".repeat(32768), null, null, null, null);
    HealthCheckSpec withNul =
        new HealthCheckSpec(HealthCheckType.Exec, null, "a\u0000b", null, null, null, null);
    assertThat(fields(container(empty))).containsExactly("healthCheck.command");
    assertThat(fields(container(longest))).isEmpty();
    assertThat(fields(container(tooLong))).containsExactly("healthCheck.command");
    assertThat(fields(container(withNul))).containsExactly("healthCheck.command");
  }

  @Test
  void defaultsFillWhatWasLeftOut() {
    DefinitionSpec stored = SpecDefaults.apply(vm(tcp(8080)));

    assertThat(stored.healthCheck())
        .isEqualTo(new HealthCheckSpec(HealthCheckType.Tcp, 8080, null, 10, 2, 3, 0));
    assertThat(SpecDefaults.apply(vm(null)).healthCheck()).isNull();
  }
}
