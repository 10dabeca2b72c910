package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.config.NativeHostProperties;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.jna.NativeComputeCore;
import dev.hcsorchestrator.host.jna.NativeHostUnavailableException;
import dev.hcsorchestrator.host.jna.TwinBackend;
import dev.hcsorchestrator.host.jna.TwinLeaks;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Which host the wiring picks, and how a native start without HCS fails. */
class NativeHostConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(NativeHostProperties.class)
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Properties.class, NativeHostConfiguration.class);

  @Test
  void nativeModeDrivesComputecoreThroughJna(@TempDir Path dir) {
    String twinPath = TwinLibrary.pathOrSkip();
    TwinLibrary twin = TwinLibrary.load(twinPath);
    TwinLeaks leaks = TwinLeaks.baseline(twin);
    try (SimulatedComputeCore sim =
        new SimulatedComputeCore(dir, new SimulatorFaults(), SimulatorSettings.none())) {
      TwinBackend backend = new TwinBackend(twin, sim);
      backend.install();
      try {
        runner
            .withPropertyValues("hcs.host.mode=native", "hcs.host.native.library=" + twinPath)
            .run(
                context -> {
                  assertThat(context).hasNotFailed();
                  ComputeCore core = context.getBean(ComputeCore.class);
                  assertThat(core).isInstanceOf(NativeComputeCore.class);
                  core.createComputeSystem(
                      "wired",
                      "{\"Owner\":\"t\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1},"
                          + "\"VirtualMachine\":{\"ComputeTopology\":{"
                          + "\"Memory\":{\"SizeInMB\":256},\"Processor\":{\"Count\":1}}}}");
                  assertThat(core.getComputeSystemProperties("wired", null)).contains("Created");
                });
        // Closing the context closed the core and every handle it held.
        leaks.assertNone();
      } finally {
        backend.uninstall();
      }
    }
  }

  @Test
  void nativeModeWithoutTheServiceStopsTheStartSayingWhatIsMissing() {
    runner
        .withPropertyValues(
            "hcs.host.mode=native", "hcs.host.native.library=/nonexistent/computecore")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              FailureAnalysis analysis = new NativeHostFailureAnalyzer().analyze(failure);
              assertThat(analysis).isNotNull();
              assertThat(analysis.getCause()).isInstanceOf(NativeHostUnavailableException.class);
              assertThat(analysis.getDescription())
                  .contains("could not be loaded")
                  .contains("Hyper-V role or the Containers feature");
              assertThat(analysis.getAction())
                  .contains("Administrator")
                  .contains("Hyper-V Administrators");
            });
  }

  @Test
  void autoIsSimulatedOffWindows() {
    Assumptions.assumeFalse(HostMode.onWindows(), "off Windows only");
    assertThat(HostMode.resolve("auto")).isEqualTo(HostMode.SIMULATED);
    runner
        .withPropertyValues("hcs.host.mode=auto")
        .run(context -> assertThat(context).doesNotHaveBean(ComputeCore.class));
  }
}
