package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeComputeNetwork;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.jna.TwinNetworkBackend;
import dev.hcsorchestrator.host.jna.TwinNetworkLeaks;
import dev.hcsorchestrator.host.jna.TwinNetworkLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/**
 * The computenetwork contract through the native path: {@link NativeComputeNetwork} drives the C
 * twin of computenetwork.dll through JNA, and the twin forwards each call to a {@link
 * SimulatedComputeNetwork}. After every test no handle or string may be left, none freed twice.
 */
class NativeComputeNetworkContractTest extends ComputeNetworkContract {

  private static String path;
  private static TwinNetworkLibrary twin;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinNetworkLibrary.load(path);
  }

  @Override
  protected Subject create(Path stateDir) {
    SimulatedComputeNetwork sim = new SimulatedComputeNetwork(stateDir, new SimulatorFaults());
    TwinNetworkBackend backend = new TwinNetworkBackend(twin, sim);
    backend.install();
    TwinNetworkLeaks leaks = TwinNetworkLeaks.baseline(twin);
    NativeComputeNetwork hcn = NativeComputeNetwork.load(path, Duration.ofSeconds(30));
    AutoCloseable cleanup =
        () -> {
          try {
            hcn.close();
            leaks.assertNone();
          } finally {
            backend.uninstall();
          }
        };
    return new Subject(hcn, cleanup);
  }
}
