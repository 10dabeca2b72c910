package dev.hcsorchestrator.service;

import java.time.Duration;

/**
 * The decisions of the service's control handler, free of Windows: which control leads to which
 * reaction, which status follows which, and how long each pending state asks the SCM to wait. The
 * constants are winsvc.h's.
 *
 * <p>{@code STOP} stops the service alone: workloads keep running and the next start adopts them.
 * {@code PRESHUTDOWN} and {@code SHUTDOWN} mean the host is going down: the {@link HostShutdown}
 * hook runs first, then the service stops.
 */
public final class ServiceControls {

  // states
  public static final int STOPPED = 1;
  public static final int START_PENDING = 2;
  public static final int STOP_PENDING = 3;
  public static final int RUNNING = 4;

  // controls
  public static final int CONTROL_STOP = 1;
  public static final int CONTROL_INTERROGATE = 4;
  public static final int CONTROL_SHUTDOWN = 5;
  public static final int CONTROL_PRESHUTDOWN = 15;

  // accepted-controls mask
  public static final int ACCEPT_STOP = 0x1;
  public static final int ACCEPT_SHUTDOWN = 0x4;
  public static final int ACCEPT_PRESHUTDOWN = 0x100;

  // handler answers and exit codes (winerror.h)
  public static final int NO_ERROR = 0;
  public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
  public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

  /** Service-specific exit code when the application failed to start or died on its own. */
  public static final int EXIT_APPLICATION_FAILED = 1;

  /** How long a start may take between two progress reports (migrations, first resync). */
  public static final Duration START_WAIT_HINT = Duration.ofSeconds(60);

  /** How long stopping the service alone may take (web server drain, workers, database). */
  public static final Duration STOP_WAIT_HINT = Duration.ofSeconds(30);

  /** A pending state is reported again this often, with the next check point. */
  public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private ServiceControls() {}

  /** What the handler does with a control. */
  public enum Reaction {
    /** Stop the service alone; workloads are not touched. */
    STOP_SERVICE,
    /** Run the host-shutdown hook, then stop the service. */
    HOST_SHUTDOWN,
    /** Report the current status again (INTERROGATE, or a stop control while already stopping). */
    REPORT_STATUS,
    /** Answer ERROR_CALL_NOT_IMPLEMENTED. */
    NOT_IMPLEMENTED
  }

  public static Reaction react(int control, int currentState) {
    boolean stoppable = currentState == RUNNING || currentState == START_PENDING;
    return switch (control) {
      case CONTROL_STOP -> stoppable ? Reaction.STOP_SERVICE : Reaction.REPORT_STATUS;
      // SHUTDOWN after PRESHUTDOWN was handled finds the service stopping already.
      case CONTROL_PRESHUTDOWN, CONTROL_SHUTDOWN ->
          stoppable ? Reaction.HOST_SHUTDOWN : Reaction.REPORT_STATUS;
      case CONTROL_INTERROGATE -> Reaction.REPORT_STATUS;
      default -> Reaction.NOT_IMPLEMENTED;
    };
  }

  /** The handler's return value for a control. */
  public static int answer(Reaction reaction) {
    return reaction == Reaction.NOT_IMPLEMENTED ? ERROR_CALL_NOT_IMPLEMENTED : NO_ERROR;
  }

  /** Controls accepted in a state: only a running service takes stop and shutdown controls. */
  public static int accepted(int state) {
    return state == RUNNING ? ACCEPT_STOP | ACCEPT_SHUTDOWN | ACCEPT_PRESHUTDOWN : 0;
  }

  /**
   * STOP_PENDING's wait hint: a plain stop needs {@link #STOP_WAIT_HINT}; a host shutdown the
   * shutdown timeout on top of it.
   */
  public static Duration stopWaitHint(Reaction reaction, Duration shutdownTimeout) {
    return reaction == Reaction.HOST_SHUTDOWN
        ? shutdownTimeout.plus(STOP_WAIT_HINT)
        : STOP_WAIT_HINT;
  }

  /**
   * The pre-shutdown time to ask the SCM for ({@code SERVICE_PRESHUTDOWN_INFO}, ms): the
   * host-shutdown actions' timeout plus a plain stop.
   */
  public static int preshutdownTimeoutMillis(Duration shutdownTimeout) {
    return millis(shutdownTimeout.plus(STOP_WAIT_HINT));
  }

  static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, d.toMillis()));
  }

  /** Builds the status sequence with increasing check points while a state is pending. */
  public static final class Reporter {

    private ServiceStatus current = new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0);

    public synchronized ServiceStatus current() {
      return current;
    }

    public synchronized ServiceStatus starting() {
      return pending(START_PENDING, START_WAIT_HINT);
    }

    public synchronized ServiceStatus running() {
      current = new ServiceStatus(RUNNING, accepted(RUNNING), NO_ERROR, 0, 0, 0);
      return current;
    }

    public synchronized ServiceStatus stopping(Duration waitHint) {
      return pending(STOP_PENDING, waitHint);
    }

    /**
     * The same pending state again with the next check point: the SCM sees progress. Null when not
     * pending (nothing to report).
     */
    public synchronized ServiceStatus progress() {
      if (!current.pending()) {
        return null;
      }
      current =
          new ServiceStatus(
              current.state(), 0, NO_ERROR, 0, current.checkPoint() + 1, current.waitHintMillis());
      return current;
    }

    public synchronized ServiceStatus stopped() {
      current = new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0);
      return current;
    }

    /** Stopped because the application failed: the SCM's recovery actions apply. */
    public synchronized ServiceStatus failed() {
      current =
          new ServiceStatus(
              STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, EXIT_APPLICATION_FAILED, 0, 0);
      return current;
    }

    private ServiceStatus pending(int state, Duration waitHint) {
      int checkPoint = current.state() == state ? current.checkPoint() + 1 : 1;
      current = new ServiceStatus(state, 0, NO_ERROR, 0, checkPoint, millis(waitHint));
      return current;
    }
  }
}
