package dev.hcsorchestrator.host.hcs;

/**
 * A failed native call: the HRESULT as the DLL returned it, the operation's name, and the {@code
 * ResultError} document when the DLL gave one. Classification happens above, in {@code host}.
 */
public class HcsException extends RuntimeException {

  private final String operation;
  private final int hresult;
  private final String resultDocument;

  public HcsException(String operation, int hresult, String message, String resultDocument) {
    super(
        operation
            + ": "
            + (message == null || message.isBlank() ? HResults.name(hresult) : message)
            + String.format(" (0x%08X)", hresult));
    this.operation = operation;
    this.hresult = hresult;
    this.resultDocument = resultDocument;
  }

  public String operation() {
    return operation;
  }

  /** The HRESULT exactly as returned. */
  public int hresult() {
    return hresult;
  }

  /** The HRESULT with the V1 {@code 0xC037xxxx} form mapped to {@code 0x8037xxxx}. */
  public int normalizedHresult() {
    return HResults.normalize(hresult);
  }

  /** The ResultError JSON, or null. */
  public String resultDocument() {
    return resultDocument;
  }
}
