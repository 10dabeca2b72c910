package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.OnSimulatedHost;
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

  @Bean(destroyMethod = "close")
  SimulatedComputeCore computeCore(
      HcsProperties properties, SimulatorFaults faults, SimulatorSettings settings) {
    return new SimulatedComputeCore(
        SimulatedPowerOff.systemsDir(properties.dataDir()), faults, settings);
  }

  @Bean
  SimulatedVirtualDisks virtualDisks(SimulatorFaults faults) {
    return new SimulatedVirtualDisks(faults);
  }

  @Bean
  SimulatedComputeNetwork computeNetwork(HcsProperties properties, SimulatorFaults faults) {
    return new SimulatedComputeNetwork(dir(properties), faults);
  }

  /**
   * The container scratch volumes. The compute core does not check container storage paths against
   * it yet ({@link SimulatedComputeCore#setContainerStorageCheck}): that is switched on once the
   * reconciler makes the scratch through {@code ContainerResources.ensureScratch}.
   */
  @Bean
  SimulatedComputeStorage computeStorage(
      HcsProperties properties, SimulatedVirtualDisks virtualDisks) {
    return new SimulatedComputeStorage(dir(properties).resolve("storage"), virtualDisks);
  }

  @Bean
  SimulatedHvSocketRegistry hvSocketRegistry(HcsProperties properties) {
    return new SimulatedHvSocketRegistry(dir(properties).resolve("hvsockets"));
  }

  private static Path dir(HcsProperties properties) {
    return properties.dataDir().resolve("simulator");
  }
}
