package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedHostConfiguration;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Which host the mode selects, and that the typed beans come up over it. */
class HostConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(HcsProperties.class)
  static class Properties {}

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(
            Properties.class,
            SimulatedHostConfiguration.class,
            NativeHostConfiguration.class,
            HostConfiguration.class)
        .withPropertyValues("hcs.data-dir=" + dir);
  }

  @Test
  void simulatedModeRunsTheTypedHostOverTheSimulatorInTheDataDirectory() {
    runner()
        .withPropertyValues("hcs.host.mode=simulated", "hcs.host.owner=me")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(SimulatedComputeCore.class);
              ComputeHost host = context.getBean(ComputeHost.class);
              assertThat(host.probe().mode()).isEqualTo("simulated");
              assertThat(host.owner()).isEqualTo("me");
              assertThat(context.getBean(HostResources.class).networkExists("nat")).isTrue();

              host.create(
                  new SystemSpec(
                      "s1",
                      SystemType.VirtualMachine,
                      1,
                      256,
                      List.of(),
                      List.of(),
                      List.of(),
                      null,
                      null));
              assertThat(dir.resolve("simulator/systems/s1.json")).exists();
            });
  }

  @Test
  void autoModeIsSimulatedOffWindows() {
    assumeFalse(HostMode.onWindows(), "this host is Windows");
    runner()
        .run(
            context ->
                assertThat(context).hasNotFailed().hasSingleBean(SimulatedComputeCore.class));
  }

  @Test
  void nativeModeOffWindowsStopsTheStartSayingWhatIsMissing() {
    assumeFalse(HostMode.onWindows(), "this host is Windows");
    runner()
        .withPropertyValues("hcs.host.mode=native")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Windows Server 2019")
                    .hasMessageContaining("hcs.host.mode=simulated"));
  }

  @Test
  void simulatorLatenciesAreConfigurable() {
    runner()
        .withPropertyValues(
            "hcs.host.mode=simulated",
            "hcs.simulator.latency.create=150ms",
            "hcs.simulator.latency.Create-Process=1s")
        .run(
            context ->
                assertThat(context.getBean(SimulatorSettings.class).latency())
                    .containsEntry("create", Duration.ofMillis(150))
                    .containsEntry("createprocess", Duration.ofSeconds(1)));
  }
}
