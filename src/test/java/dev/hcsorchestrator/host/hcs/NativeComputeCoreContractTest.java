package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeComputeCore;
import dev.hcsorchestrator.host.jna.NativeTimeouts;
import dev.hcsorchestrator.host.jna.TwinBackend;
import dev.hcsorchestrator.host.jna.TwinLeaks;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The computecore contract through the native path: {@link NativeComputeCore} drives the C twin of
 * computecore.dll through JNA, and the twin forwards each call to a {@link SimulatedComputeCore}.
 * After every test the twin's bookkeeping must show no leaked or double-freed string or handle.
 */
class NativeComputeCoreContractTest extends ComputeCoreContract {

  private static String path;
  private static TwinLibrary twin;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinLibrary.load(path);
  }

  @Override
  protected Subject create(Path stateDir) {
    SimulatedComputeCore sim =
        new SimulatedComputeCore(
            stateDir, new SimulatorFaults(), SimulatorSettings.withoutGrantChecks());
    TwinBackend backend = new TwinBackend(twin, sim);
    backend.install();
    TwinLeaks leaks = TwinLeaks.baseline(twin);
    NativeComputeCore nativeCore = NativeComputeCore.load(path, NativeTimeouts.defaults());
    HostControl control = new SimulatorHostControl(sim);
    AutoCloseable cleanup =
        () -> {
          try {
            nativeCore.close();
            leaks.assertNone();
          } finally {
            backend.uninstall();
            sim.close();
          }
        };
    return new Subject(nativeCore, control, cleanup);
  }
}
