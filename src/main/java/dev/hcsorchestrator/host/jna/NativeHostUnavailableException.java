package dev.hcsorchestrator.host.jna;

/** The native host cannot be used here; the message says what is missing. */
public class NativeHostUnavailableException extends RuntimeException {

  public NativeHostUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
