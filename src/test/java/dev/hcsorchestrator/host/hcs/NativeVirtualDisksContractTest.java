package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeVirtualDisks;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.jna.TwinVirtDiskBackend;
import dev.hcsorchestrator.host.jna.TwinVirtDiskLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;

/**
 * The virtdisk contract through the native path: {@link NativeVirtualDisks} drives the C twin of
 * virtdisk.dll through JNA, and the twin forwards each call to a {@link SimulatedVirtualDisks}.
 * After every test, before the adapter is closed, no virtual disk handle may be open.
 */
class NativeVirtualDisksContractTest extends VirtualDisksContract {

  private static String path;
  private static TwinVirtDiskLibrary twin;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinVirtDiskLibrary.load(path);
  }

  @Override
  protected Subject create() {
    TwinVirtDiskBackend backend =
        new TwinVirtDiskBackend(twin, new SimulatedVirtualDisks(new SimulatorFaults()));
    backend.install();
    NativeVirtualDisks disks = NativeVirtualDisks.load(path, Duration.ofSeconds(30));
    AutoCloseable cleanup =
        () -> {
          try {
            backend.assertNoLeaks();
          } finally {
            disks.close();
            backend.uninstall();
          }
        };
    return new Subject(disks, cleanup);
  }
}
