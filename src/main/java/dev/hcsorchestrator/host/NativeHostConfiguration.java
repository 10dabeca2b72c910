package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.NativeHostProperties;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.ComputeStorage;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import dev.hcsorchestrator.host.hcs.VirtualDisks;
import dev.hcsorchestrator.host.jna.NativeComputeNetwork;
import dev.hcsorchestrator.host.jna.NativeComputeStorage;
import dev.hcsorchestrator.host.jna.NativeHost;
import dev.hcsorchestrator.host.jna.NativeHostUnavailableException;
import dev.hcsorchestrator.host.jna.NativeHvSocketRegistry;
import dev.hcsorchestrator.host.jna.NativeTimeouts;
import dev.hcsorchestrator.host.jna.NativeVirtualDisks;
import dev.hcsorchestrator.host.jna.VirtDiskLibrary;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The DLL-level beans on a Windows host ({@code hcs.host.mode} native, or auto on Windows):
 * computecore, virtdisk ({@link NativeVirtualDisks}), HCN, computestorage and the socket registry,
 * all bound through JNA.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnNativeHost.class)
@EnableConfigurationProperties(NativeHostProperties.class)
class NativeHostConfiguration {

  /** Closed with the context: every handle it holds is released. */
  @Bean(destroyMethod = "close")
  ComputeCore computeCore(NativeHostProperties properties) {
    return nativeComputeCore(properties);
  }

  /**
   * computecore.dll through JNA ({@code host.jna}), once the Host Compute Service answered. On a
   * host without it, {@link NativeHostUnavailableException} stops the start saying what is missing.
   */
  static ComputeCore nativeComputeCore(NativeHostProperties properties) {
    NativeHostProperties.Timeouts t = properties.timeouts();
    return NativeHost.open(
        properties.library(),
        new NativeTimeouts(
            t.create(),
            t.start(),
            t.pause(),
            t.resume(),
            t.save(),
            t.stopAcknowledge(),
            t.other(),
            t.disk()));
  }

  /** virtdisk.dll through JNA ({@code host.jna}); its worker threads end with the context. */
  @Bean(destroyMethod = "close")
  VirtualDisks virtualDisks(NativeHostProperties properties) {
    return NativeVirtualDisks.load(
        VirtDiskLibrary.defaultName() != null
            ? VirtDiskLibrary.defaultName()
            : properties.library(),
        properties.timeouts().disk());
  }

  /**
   * computenetwork.dll (HCN) through JNA, with CoTaskMemFree from ole32; each call bounded by the
   * {@code other} timeout. Closed with the context.
   */
  @Bean(destroyMethod = "close")
  ComputeNetwork computeNetwork(NativeHostProperties properties) {
    return NativeComputeNetwork.load(
        sibling(properties, "computenetwork"), properties.timeouts().other());
  }

  /**
   * computestorage.dll with virtdisk's attach through JNA, for container scratch volumes; closed
   * with the context.
   */
  @Bean(destroyMethod = "close")
  ComputeStorage computeStorage(NativeHostProperties properties) {
    String library = sibling(properties, null);
    return NativeComputeStorage.load(library, properties.timeouts().other());
  }

  /**
   * The library of another DLL: by its name beside the default computecore, or the configured one
   * when that is not computecore's name (the C twin off Windows exports every DLL's functions).
   */
  private static String sibling(NativeHostProperties properties, String name) {
    return NativeHost.DEFAULT_LIBRARY.equals(properties.library()) ? name : properties.library();
  }

  /**
   * The GuestCommunicationServices registry through jna-platform; closed with the context. Access
   * to a VM's socket services does not need it (docs/windows.md).
   */
  @Bean(destroyMethod = "close")
  HvSocketRegistry hvSocketRegistry(NativeHostProperties properties) {
    return new NativeHvSocketRegistry(properties.timeouts().other());
  }
}
