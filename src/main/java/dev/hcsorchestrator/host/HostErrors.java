package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.ResultError;
import java.util.Map;
import java.util.Set;

/**
 * The one place where an HRESULT becomes a {@link HostException}. Rules (after mapping {@code
 * 0xC037xxxx} to {@code 0x8037xxxx}):
 *
 * <ul>
 *   <li>NotFound: system, process, file, network or endpoint not found.
 *   <li>AlreadyExists: system, file, network already there.
 *   <li>InvalidState: not valid now, already stopped, terminated or exited meanwhile (re-read the
 *       state and decide).
 *   <li>Timeout: {@code HCS_E_OPERATION_TIMEOUT}.
 *   <li>Rejected: the host does not accept what we sent (invalid JSON, arguments, layers, schema
 *       version, an operation the host does not implement), and {@code E_ACCESSDENIED}: a file the
 *       VM's worker process may not open (no HcsGrantVmAccess) fails the same way on every retry,
 *       so it is terminal and its message names the file.
 *   <li>Unavailable: everything else, notably the service being away or disconnected, a connection
 *       failing, a file held open, and {@code HCS_E_ACCESS_DENIED} (the caller lacks the rights of
 *       a Hyper-V administrator), which is fixed outside the definition.
 * </ul>
 */
final class HostErrors {

  private enum Kind {
    NOT_FOUND,
    ALREADY_EXISTS,
    INVALID_STATE,
    TIMEOUT,
    REJECTED,
    UNAVAILABLE
  }

  private static final Map<Integer, Kind> KINDS =
      Map.ofEntries(
          Map.entry(HResults.HCS_E_SYSTEM_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.E_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.E_FILE_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.E_PATH_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.HCN_E_NETWORK_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.HCN_E_ENDPOINT_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.ERROR_VHD_PARENT_VHD_NOT_FOUND, Kind.NOT_FOUND),
          Map.entry(HResults.HCS_E_SYSTEM_ALREADY_EXISTS, Kind.ALREADY_EXISTS),
          Map.entry(HResults.E_FILE_EXISTS, Kind.ALREADY_EXISTS),
          Map.entry(HResults.E_ALREADY_EXISTS, Kind.ALREADY_EXISTS),
          Map.entry(HResults.HCN_E_NETWORK_ALREADY_EXISTS, Kind.ALREADY_EXISTS),
          Map.entry(HResults.HCS_E_INVALID_STATE, Kind.INVALID_STATE),
          Map.entry(HResults.HCS_E_SYSTEM_ALREADY_STOPPED, Kind.INVALID_STATE),
          Map.entry(HResults.HCS_E_PROCESS_ALREADY_STOPPED, Kind.INVALID_STATE),
          Map.entry(HResults.HCS_E_TERMINATED, Kind.INVALID_STATE),
          Map.entry(HResults.HCS_E_UNEXPECTED_EXIT, Kind.INVALID_STATE),
          Map.entry(HResults.HCN_E_ENTITY_HAS_REFERENCES, Kind.INVALID_STATE),
          Map.entry(HResults.HCS_E_OPERATION_TIMEOUT, Kind.TIMEOUT),
          Map.entry(HResults.HCS_E_INVALID_JSON, Kind.REJECTED),
          Map.entry(HResults.HCS_E_UNKNOWN_MESSAGE, Kind.REJECTED),
          Map.entry(HResults.HCS_E_UNSUPPORTED_PROTOCOL_VERSION, Kind.REJECTED),
          Map.entry(HResults.HCS_E_PROTOCOL_ERROR, Kind.REJECTED),
          Map.entry(HResults.HCS_E_INVALID_LAYER, Kind.REJECTED),
          Map.entry(HResults.HCS_E_IMAGE_MISMATCH, Kind.REJECTED),
          Map.entry(HResults.HCS_E_HYPERV_NOT_INSTALLED, Kind.REJECTED),
          Map.entry(HResults.HCS_E_WINDOWS_INSIDER_REQUIRED, Kind.REJECTED),
          Map.entry(HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION, Kind.REJECTED),
          Map.entry(HResults.E_INVALIDARG, Kind.REJECTED),
          Map.entry(HResults.E_ACCESSDENIED, Kind.REJECTED),
          Map.entry(HResults.E_INVALID_DATA, Kind.REJECTED),
          Map.entry(HResults.E_NOT_SUPPORTED, Kind.REJECTED),
          Map.entry(HResults.E_NOTIMPL, Kind.REJECTED),
          Map.entry(HResults.ERROR_VHD_INVALID_SIZE, Kind.REJECTED),
          Map.entry(HResults.HCN_E_INVALID_JSON, Kind.REJECTED),
          Map.entry(HResults.HCN_E_INVALID_NETWORK, Kind.REJECTED),
          Map.entry(HResults.HCN_E_INVALID_NETWORK_TYPE, Kind.REJECTED),
          Map.entry(HResults.HCN_E_INVALID_ENDPOINT, Kind.REJECTED),
          Map.entry(HResults.HCN_E_ADDR_INVALID_OR_RESERVED, Kind.REJECTED));

  /** Virtdisk's own codes (0xC03Axxxx) say the disk or its chain is unusable as given. */
  private static final Set<Integer> VIRTDISK_FACILITY = Set.of(0xC03A0000);

  private HostErrors() {}

  static HostException classify(String operation, String systemId, HcsException e) {
    int hr = HResults.normalize(e.hresult());
    String message = HResults.name(hr) + ": " + detail(e);
    Kind kind = KINDS.get(hr);
    if (kind == null) {
      kind = VIRTDISK_FACILITY.contains(hr & 0xFFFF0000) ? Kind.REJECTED : Kind.UNAVAILABLE;
    }
    return switch (kind) {
      case NOT_FOUND -> new HostException.NotFound(operation, systemId, hr, message, e);
      case ALREADY_EXISTS -> new HostException.AlreadyExists(operation, systemId, hr, message, e);
      case INVALID_STATE -> new HostException.InvalidState(operation, systemId, hr, message, e);
      case TIMEOUT -> new HostException.Timeout(operation, systemId, hr, message, e);
      case REJECTED -> new HostException.Rejected(operation, systemId, hr, message, e);
      case UNAVAILABLE -> new HostException.Unavailable(operation, systemId, hr, message, e);
    };
  }

  /** A failure that carries no HRESULT (a bug or an I/O error below us): retry later. */
  static HostException unexpected(String operation, String systemId, Exception e) {
    return new HostException.Unavailable(
        operation,
        systemId,
        HResults.E_FAIL,
        e.getClass().getSimpleName() + ": " + e.getMessage(),
        e);
  }

  /** The ResultError message when the DLL gave one, else the exception's own text. */
  private static String detail(HcsException e) {
    String doc = e.resultDocument();
    if (doc != null && !doc.isBlank()) {
      try {
        ResultError error = HcsJson.lenient(doc, ResultError.class);
        if (error != null && error.errorMessage() != null && !error.errorMessage().isBlank()) {
          return error.errorMessage();
        }
      } catch (RuntimeException ignored) {
        // An unreadable error document adds nothing; fall back to the message.
      }
    }
    return e.getMessage();
  }
}
