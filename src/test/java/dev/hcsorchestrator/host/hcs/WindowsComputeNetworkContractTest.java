package dev.hcsorchestrator.host.hcs;

import dev.hcsorchestrator.host.jna.NativeComputeNetwork;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The computenetwork contract against the real computenetwork.dll: only with {@code -Pwindows-hcs}
 * on a Windows host with the Containers feature or Hyper-V, as an Administrator. It makes a NAT
 * network on 192.168.251.0/24 and removes everything it made.
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsComputeNetworkContractTest extends ComputeNetworkContract {

  @Override
  protected Subject create(Path stateDir) {
    NativeComputeNetwork hcn = NativeComputeNetwork.load("computenetwork", Duration.ofMinutes(4));
    return new Subject(hcn, hcn);
  }
}
