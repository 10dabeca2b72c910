package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The DLL-level beans on a Windows host ({@code hcs.host.mode} native, or auto on Windows).
 * virtdisk, HCN and the socket registry have no native binding yet: a definition that needs a disk,
 * an endpoint or a socket registration fails with a terminal message saying so.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnNativeHost.class)
class NativeHostConfiguration {

  @Bean
  ComputeCore computeCore() {
    return nativeComputeCore();
  }

  /** computecore.dll through JNA. The {@code host.jna} module replaces exactly this method. */
  static ComputeCore nativeComputeCore() {
    throw new IllegalStateException(
        "hcs.host.mode resolves to native (Windows), but the native host (computecore.dll through"
            + " JNA, module host.jna) is not part of this build yet; set hcs.host.mode=simulated to"
            + " run against the simulated host");
  }

  @Bean
  VirtualDisks virtualDisks() {
    return NativeResourcesUnavailable.INSTANCE;
  }

  @Bean
  ComputeNetwork computeNetwork() {
    return NativeResourcesUnavailable.INSTANCE;
  }

  @Bean
  HvSocketRegistry hvSocketRegistry() {
    return NativeResourcesUnavailable.INSTANCE;
  }
}
