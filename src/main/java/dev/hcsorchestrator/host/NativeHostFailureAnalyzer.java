package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.jna.NativeHostUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a native host that cannot start into a short report saying what is missing. */
class NativeHostFailureAnalyzer extends AbstractFailureAnalyzer<NativeHostUnavailableException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, NativeHostUnavailableException cause) {
    return new FailureAnalysis(
        "hcs.host.mode resolves to native, but the Host Compute Service cannot be used: "
            + cause.getMessage(),
        "On Windows Server 2019 or later install the Hyper-V role (VMs) or the Containers feature,"
            + " make sure the vmcompute service runs, and run this service as an Administrator or"
            + " a member of Hyper-V Administrators. Elsewhere set hcs.host.mode=simulated (or"
            + " auto).",
        cause);
  }
}
