package dev.hcsorchestrator.host.jna;

import java.time.Duration;

/**
 * Bounds of the waits on HCS operations (hcsshim's defaults: 4 minutes for create, start, pause,
 * resume and save). A wait that runs out fails with HCS_E_OPERATION_TIMEOUT; the thread is never
 * interrupted inside the native call.
 *
 * @param stopAcknowledge how long shutdown and terminate wait for HCS to report an early failure
 *     before returning; their completion is the exit event
 * @param other properties, modify, enumerate, processes
 * @param disk each virtdisk call (create, open, attach, detach, physical path), which the DLL runs
 *     synchronously
 */
public record NativeTimeouts(
    Duration create,
    Duration start,
    Duration pause,
    Duration resume,
    Duration save,
    Duration stopAcknowledge,
    Duration other,
    Duration disk) {

  public static NativeTimeouts defaults() {
    Duration four = Duration.ofMinutes(4);
    return new NativeTimeouts(four, four, four, four, four, Duration.ofSeconds(5), four, four);
  }
}
