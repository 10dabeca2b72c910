package dev.hcsorchestrator.service;

import java.time.Duration;

/**
 * The Service Control Manager as the {@code service} command needs it; implemented over
 * jna-platform in {@code service.jna}. Failures are {@link Failure}s whose message names the call
 * and the Windows error.
 */
public interface WindowsServices {

  /**
   * Creates the service with its start type, account, dependencies, recovery actions, pre-shutdown
   * timeout and description, and its Windows Event Log source.
   */
  void install(String name, ServiceCommand.Install options, String binaryPath);

  /** Deletes the service (stopping it first if it runs) and its event source. */
  void uninstall(String name, Duration stopWait);

  /**
   * Starts the service and waits while it reports START_PENDING, as long as its wait hints and
   * check points say it progresses (jna-platform's {@code W32Service.startService}).
   */
  ServiceState start(String name);

  /** Stops the service alone (workloads keep running) and waits up to {@code wait}. */
  ServiceState stop(String name, Duration wait);

  /** Null when no service of that name is installed. */
  ServiceState status(String name);

  /**
   * Connects this process to the SCM as service {@code name} and runs {@code run}: returns once the
   * service reported STOPPED. Throws {@link Failure} when the process was not started by the SCM.
   */
  void dispatch(String name, ServiceRun run);

  /**
   * Sets the service's pre-shutdown timeout (ms) from the running configuration; a service account
   * without the right to change its own configuration keeps the installed one (logged).
   */
  void requestPreshutdownTimeout(String name, int millis);

  /** From now on, warnings and errors of the lifecycle log also go to the Event Log source. */
  void logToEventLog(String source);

  /** A state as {@code status} shows it. */
  record ServiceState(int state, int processId) {
    public String stateName() {
      return switch (state) {
        case ServiceControls.STOPPED -> "STOPPED";
        case ServiceControls.START_PENDING -> "START_PENDING";
        case ServiceControls.STOP_PENDING -> "STOP_PENDING";
        case ServiceControls.RUNNING -> "RUNNING";
        case 5 -> "CONTINUE_PENDING";
        case 6 -> "PAUSE_PENDING";
        case 7 -> "PAUSED";
        default -> "state " + state;
      };
    }
  }

  /** A failed SCM call. */
  final class Failure extends RuntimeException {
    public Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
