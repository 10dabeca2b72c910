package dev.hcsorchestrator.host;

/**
 * A host failure, classified once from its HRESULT. The reconciler decides from the class alone:
 * {@link Unavailable} and {@link Timeout} retry with backoff, {@link Rejected} is terminal until
 * the spec changes, {@link NotFound} and {@link InvalidState} depend on the operation.
 */
public abstract sealed class HostException extends RuntimeException {

  private final String operation;
  private final String systemId;
  private final int hresult;

  HostException(String operation, String systemId, int hresult, String message, Throwable cause) {
    super(
        operation
            + (systemId == null ? "" : " " + systemId)
            + " failed: "
            + message
            + String.format(" (HRESULT 0x%08X)", hresult),
        cause);
    this.operation = operation;
    this.systemId = systemId;
    this.hresult = hresult;
  }

  public String operation() {
    return operation;
  }

  public String systemId() {
    return systemId;
  }

  public int hresult() {
    return hresult;
  }

  /** No such system, process or resource. */
  public static final class NotFound extends HostException {
    public NotFound(String operation, String systemId, int hresult, String message, Throwable c) {
      super(operation, systemId, hresult, message, c);
    }
  }

  /** The id is already in use. */
  public static final class AlreadyExists extends HostException {
    public AlreadyExists(
        String operation, String systemId, int hresult, String message, Throwable c) {
      super(operation, systemId, hresult, message, c);
    }
  }

  /** Not valid in the system's current state (already stopped included). */
  public static final class InvalidState extends HostException {
    public InvalidState(
        String operation, String systemId, int hresult, String message, Throwable c) {
      super(operation, systemId, hresult, message, c);
    }
  }

  /** The host could not do it now; retrying later may work. */
  public static final class Unavailable extends HostException {
    public Unavailable(
        String operation, String systemId, int hresult, String message, Throwable c) {
      super(operation, systemId, hresult, message, c);
    }
  }

  /** The host refused what we sent; repeating it will fail the same way. */
  public static final class Rejected extends HostException {
    public Rejected(String operation, String systemId, int hresult, String message, Throwable c) {
      super(operation, systemId, hresult, message, c);
    }
  }

  /** The operation did not finish within its named timeout. */
  public static final class Timeout extends HostException {
    public Timeout(String operation, String systemId, int hresult, String message, Throwable c) {
      super(operation, systemId, hresult, message, c);
    }
  }
}
