package dev.hcsorchestrator.host.hcs;

import org.junit.jupiter.api.Assumptions;

/**
 * What the real-host tests ({@code -Pwindows-hcs}) may assume of the Windows host they run on.
 * GitHub's hosted runners are virtual machines without nested virtualization: Hyper-V cannot start
 * a VM there, so VM tests are skipped on them (GitHub sets {@code RUNNER_ENVIRONMENT=github-hosted}
 * on its own runners). Elsewhere {@code -Dhcs.windows.vms=false} skips them too.
 */
public final class WindowsHost {

  private WindowsHost() {}

  /** Whether this is one of GitHub's hosted runners. */
  public static boolean githubHostedRunner() {
    return "github-hosted".equalsIgnoreCase(System.getenv("RUNNER_ENVIRONMENT"));
  }

  /** Skips the calling test (or class) where Hyper-V cannot start a VM. */
  public static void assumeVirtualMachines() {
    if (githubHostedRunner()) {
      Assumptions.abort(
          "GitHub-hosted runners have no nested virtualization: Hyper-V VMs cannot start there");
    }
    if ("false".equalsIgnoreCase(System.getProperty("hcs.windows.vms"))) {
      Assumptions.abort("VM tests switched off with -Dhcs.windows.vms=false");
    }
  }
}
