package dev.hcsorchestrator.host.simulated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hcs.simulator.*}: per-operation latencies of the simulated host, for example {@code
 * hcs.simulator.latency.create=200ms}. Keys (case-insensitive): create, start, shutdown, terminate,
 * pause, resume, save, properties, enumerate, create-process. Default: no latency. Shutdown and
 * terminate return at once; their exit event follows after the latency.
 *
 * <p>{@code hcs.simulator.enforce-grants} (default true): while true, the simulated host refuses
 * with E_ACCESSDENIED to create or start a VM whose document names a file (disk, parent of a
 * differencing disk, ISO, guest or runtime state, restore file) not granted to that system id with
 * HcsGrantVmAccess, as a real host's worker process cannot open it. Every test runs with it, so a
 * missing grant fails; false only to look at documents a real host would refuse.
 *
 * <p>{@code hcs.simulator.shared-state} (a folder, default none): simulated hosts of one machine
 * that name the same folder share their disks as Hyper-V hosts share an SMB share: a writable
 * virtual disk a compute system of one holds open cannot be opened by a compute system of another
 * ({@link SimulatedSharedDisks}).
 */
@ConfigurationProperties("hcs.simulator")
public record SimulatorSettings(
    Map<String, Duration> latency, @DefaultValue("true") boolean enforceGrants, Path sharedState) {

  /** Without a shared-state folder. */
  public SimulatorSettings(Map<String, Duration> latency, boolean enforceGrants) {
    this(latency, enforceGrants, null);
  }

  @ConstructorBinding
  public SimulatorSettings {
    Map<String, Duration> normalised = new TreeMap<>();
    if (latency != null) {
      latency.forEach((k, v) -> normalised.put(k.toLowerCase(Locale.ROOT).replace("-", ""), v));
    }
    latency = Map.copyOf(normalised);
  }

  /** These settings with grants enforced. */
  public SimulatorSettings withEnforcedGrants() {
    return new SimulatorSettings(latency, true, sharedState);
  }

  /**
   * No latency and no grant checks: only for tests of the DLL surface whose documents name files
   * that exist on no host (and so cannot be granted).
   */
  public static SimulatorSettings withoutGrantChecks() {
    return new SimulatorSettings(Map.of(), false);
  }

  /** No latency; grants enforced, as always by default. */
  public static SimulatorSettings none() {
    return new SimulatorSettings(Map.of(), true);
  }
}
