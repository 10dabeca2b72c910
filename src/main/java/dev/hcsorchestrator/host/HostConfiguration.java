package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The typed host API over whichever DLL-level implementations the mode selected: {@code
 * host.simulated} when {@code hcs.host.mode} resolves to simulated, {@link NativeHostConfiguration}
 * otherwise.
 */
@Configuration(proxyBeanMethods = false)
class HostConfiguration {

  @Bean
  ComputeHost computeHost(
      ComputeCore core, HcsProperties properties, ObjectProvider<MeterRegistry> registry) {
    return new HcsComputeHost(
        core,
        properties.host().owner(),
        HostMode.resolve(properties.host().mode()),
        registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  @Bean
  HostResources hostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      HcsProperties properties,
      ObjectProvider<MeterRegistry> registry) {
    return new HcsHostResources(
        disks,
        network,
        sockets,
        core,
        properties.host().owner(),
        registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  @Bean
  ContainerResources containerResources(
      ComputeNetwork network,
      ComputeStorage storage,
      VirtualDisks disks,
      ObjectProvider<MeterRegistry> registry) {
    return new HcsContainerResources(
        network, storage, disks, registry.getIfAvailable(() -> Metrics.globalRegistry));
  }
}
