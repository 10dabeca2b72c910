package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.schema.ProcessStatus;

/** A process of a {@link SimSystem}; {@code exitCode} is meaningful once exited. */
record SimProcess(int pid, String image, boolean exited, int exitCode) {
  ProcessStatus status() {
    return new ProcessStatus(
        (long) pid, exited, exited ? Integer.toUnsignedLong(exitCode) : null, 0);
  }
}
