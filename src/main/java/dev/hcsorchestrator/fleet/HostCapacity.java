package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.config.FleetProperties;
import dev.hcsorchestrator.host.HostMode;
import java.lang.management.ManagementFactory;

/**
 * What may be assigned to this host: {@code hcs.fleet.capacity.*} where configured, else what the
 * host reports: on Windows the machine's logical processors and physical memory (what Hyper-V
 * shares out), on the simulated host a fixed machine of {@link #SIMULATED_PROCESSORS} processors
 * and {@link #SIMULATED_MEMORY_MB} MB, so that tests are not bound by the build machine's size.
 */
record HostCapacity(long processors, long memoryMb) {

  static final int SIMULATED_PROCESSORS = 64;
  static final long SIMULATED_MEMORY_MB = 256L * 1024;

  static HostCapacity of(FleetProperties fleet, String hostMode) {
    boolean simulated = HostMode.isSimulated(hostMode);
    Integer processors = fleet.capacity().processors();
    Long memory = fleet.capacity().memoryMb();
    return new HostCapacity(
        processors != null
            ? processors
            : simulated ? SIMULATED_PROCESSORS : Runtime.getRuntime().availableProcessors(),
        memory != null ? memory : simulated ? SIMULATED_MEMORY_MB : physicalMemoryMb());
  }

  private static long physicalMemoryMb() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / (1024 * 1024);
    }
    return SIMULATED_MEMORY_MB;
  }
}
