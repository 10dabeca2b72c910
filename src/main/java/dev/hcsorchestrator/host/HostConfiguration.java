package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.config.SharedStorageProperties;
import dev.hcsorchestrator.config.StoragePaths;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HostFiles;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The typed host API over whichever DLL-level implementations the mode selected: {@code
 * host.simulated} when {@code hcs.host.mode} resolves to simulated, {@link NativeHostConfiguration}
 * otherwise. Both refuse a path that really lies outside the configured storage and image roots
 * ({@link StoragePaths}), checked right before it is handed to the host.
 */
@Configuration(proxyBeanMethods = false)
class HostConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(HostConfiguration.class);

  @Bean
  ComputeHost computeHost(
      ComputeCore core,
      HcsProperties properties,
      ObjectProvider<SharedStorageProperties> shared,
      ObjectProvider<MeterRegistry> registry) {
    String mode = HostMode.resolve(properties.host().mode());
    LOG.info(
        "Host mode: {} (hcs.host.mode={}); compute systems owned by '{}'",
        mode,
        properties.host().mode(),
        properties.host().owner());
    return new HcsComputeHost(
        core,
        properties.host().owner(),
        mode,
        registry.getIfAvailable(() -> Metrics.globalRegistry),
        StoragePaths.of(properties, shared.getIfAvailable()));
  }

  @Bean
  HostResources hostResources(
      VirtualDisks disks,
      ComputeNetwork network,
      HvSocketRegistry sockets,
      ComputeCore core,
      HcsProperties properties,
      ObjectProvider<SharedStorageProperties> shared,
      ObjectProvider<HostFiles> deletion,
      ObjectProvider<MeterRegistry> registry) {
    return new HcsHostResources(
        disks,
        network,
        sockets,
        core,
        properties.host().owner(),
        registry.getIfAvailable(() -> Metrics.globalRegistry),
        StoragePaths.of(properties, shared.getIfAvailable()),
        deletion.getIfAvailable(() -> HostFiles.JDK));
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
