package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeComputeCore;
import dev.hcsorchestrator.host.jna.NativeHost;
import dev.hcsorchestrator.host.jna.NativeTimeouts;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The computecore contract against the real computecore.dll: only with {@code -Pwindows-hcs} on a
 * Windows host with the Hyper-V role, as an Administrator or Hyper-V Administrators member. What a
 * test must make happen inside a guest (a guest shutdown, a crash, a process exit) cannot be caused
 * from outside on a real host: those tests are skipped there with that reason. The contract's
 * systems are VMs and containers over placeholder layers, so it needs a host that can run VMs
 * ({@link WindowsHost#assumeVirtualMachines}); a container over a real base layer is {@code
 * WindowsContainerOnHostTest}.
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsComputeCoreContractTest extends ComputeCoreContract {

  @org.junit.jupiter.api.BeforeAll
  static void needsVirtualMachines() {
    WindowsHost.assumeVirtualMachines();
  }

  @Override
  protected Subject create(Path stateDir) {
    NativeComputeCore core = NativeHost.open(NativeHost.DEFAULT_LIBRARY, NativeTimeouts.defaults());
    HostControl control =
        new HostControl() {
          @Override
          public void guestShutdown(String systemId) {
            Assumptions.abort("a real guest cannot be shut down from outside the caller");
          }

          @Override
          public void crash(String systemId) {
            Assumptions.abort("a real guest cannot be crashed on demand");
          }

          @Override
          public void exitProcess(String systemId, int processId, int exitCode) {
            Assumptions.abort("a real process cannot be made to exit with a chosen code");
          }
        };
    return new Subject(core, control, core);
  }
}
