package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.OnSimulatedHost;
import dev.hcsorchestrator.host.hcs.HostFiles;
import java.nio.file.Path;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The simulated DLLs, when {@code hcs.host.mode} resolves to simulated. Their state lives in {@code
 * ${hcs.data-dir}/simulator/}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnSimulatedHost.class)
@EnableConfigurationProperties(SimulatorSettings.class)
public class SimulatedHostConfiguration {

  @Bean
  SimulatorFaults simulatorFaults() {
    return new SimulatorFaults();
  }

  /**
   * Refuses a container whose {@code Storage.Path} is not a writable layer volume the simulated
   * computestorage mounted, initialized and filtered, as HCS refuses a plain folder there: the
   * reconciler mounts it through {@code ContainerResources.mountScratch} before every create.
   */
  @Bean(destroyMethod = "close")
  SimulatedComputeCore computeCore(
      HcsProperties properties,
      SimulatorFaults faults,
      SimulatorSettings settings,
      SimulatedComputeStorage computeStorage) {
    SimulatedComputeCore core =
        new SimulatedComputeCore(
            SimulatedPowerOff.systemsDir(properties.dataDir()), faults, settings);
    core.setContainerStorageCheck(ContainerStorageCheck.mountedBy(computeStorage));
    return core;
  }

  /** File deletion that refuses the disks a simulated system holds open, as Windows does. */
  @Bean
  HostFiles hostFiles(SimulatorSettings settings) {
    return new SimulatedSharedDisks(settings.sharedState())::deleteIfExists;
  }

  @Bean
  SimulatedVirtualDisks virtualDisks(SimulatorFaults faults) {
    return new SimulatedVirtualDisks(faults);
  }

  @Bean
  SimulatedComputeNetwork computeNetwork(HcsProperties properties, SimulatorFaults faults) {
    return new SimulatedComputeNetwork(dir(properties), faults);
  }

  /** The container scratch volumes; the compute core accepts only container storage they serve. */
  @Bean
  SimulatedComputeStorage computeStorage(
      HcsProperties properties, SimulatedVirtualDisks virtualDisks, SimulatorFaults faults) {
    return new SimulatedComputeStorage(dir(properties).resolve("storage"), virtualDisks, faults);
  }

  @Bean
  SimulatedHvSocketRegistry hvSocketRegistry(HcsProperties properties) {
    return new SimulatedHvSocketRegistry(dir(properties).resolve("hvsockets"));
  }

  private static Path dir(HcsProperties properties) {
    return properties.dataDir().resolve("simulator");
  }
}
