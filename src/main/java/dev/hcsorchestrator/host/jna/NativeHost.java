package dev.hcsorchestrator.host.jna;

import com.sun.jna.Platform;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.util.Optional;

/**
 * Opens the native host: loads computecore and asks the Host Compute Service for its basic
 * properties. Either it answers, or the failure says what the host lacks (the Hyper-V role or the
 * Containers feature, or the rights of an Administrator or Hyper-V Administrators member).
 */
public final class NativeHost {

  public static final String DEFAULT_LIBRARY = "computecore";
  static final String BASIC_QUERY = "{\"PropertyTypes\":[\"Basic\"]}";

  private static final int RPC_S_SERVER_UNAVAILABLE = 0x800706BA;
  private static final int ERROR_SERVICE_DOES_NOT_EXIST = 0x80070424;
  private static final int ERROR_SERVICE_DISABLED = 0x80070422;
  private static final int ERROR_SERVICE_NOT_ACTIVE = 0x80070426;

  private NativeHost() {}

  /** Whether {@code hcs.host.mode=auto} should try the native host at all here. */
  public static boolean isWindows() {
    return Platform.isWindows();
  }

  /**
   * A ready native {@link NativeComputeCore}, or {@link NativeHostUnavailableException} saying what
   * is missing.
   */
  public static NativeComputeCore open(String library, NativeTimeouts timeouts) {
    if (!Platform.isWindows() && DEFAULT_LIBRARY.equals(library)) {
      throw new NativeHostUnavailableException(
          "The native host needs Windows Server 2019 or later (computecore.dll of the Host Compute"
              + " Service); this host runs "
              + System.getProperty("os.name")
              + ". Use hcs.host.mode=simulated or auto.",
          null);
    }
    NativeComputeCore core;
    try {
      core = NativeComputeCore.load(library, timeouts);
    } catch (LinkageError e) {
      throw new NativeHostUnavailableException(
          "computecore could not be loaded from '"
              + library
              + "' ("
              + e.getMessage()
              + "). The Host Compute Service needs Windows Server 2019 or later with the Hyper-V"
              + " role or the Containers feature installed.",
          e);
    }
    try {
      core.getServiceProperties(BASIC_QUERY);
      return core;
    } catch (HcsException e) {
      core.close();
      throw new NativeHostUnavailableException(explain(e), e);
    } catch (LinkageError e) {
      core.close();
      throw new NativeHostUnavailableException(
          "computecore was loaded from '"
              + library
              + "' but lacks HcsGetServiceProperties ("
              + e.getMessage()
              + "): Windows Server 2019 or later is required.",
          e);
    }
  }

  /** Why the native host cannot be used with this library, or empty when the service answers. */
  public static Optional<String> unavailableReason(String library) {
    try (NativeComputeCore core = open(library, NativeTimeouts.defaults())) {
      return Optional.empty();
    } catch (NativeHostUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  static String explain(HcsException e) {
    int hr = e.normalizedHresult();
    String code = String.format("HcsGetServiceProperties failed with 0x%08X", e.hresult());
    if (hr == HResults.E_ACCESSDENIED || hr == HResults.HCS_E_ACCESS_DENIED) {
      return "The Host Compute Service refused access ("
          + code
          + "): run the service as an Administrator or as a member of the Hyper-V Administrators"
          + " group.";
    }
    if (hr == HResults.HCS_E_SERVICE_NOT_AVAILABLE
        || hr == HResults.HCS_E_HYPERV_NOT_INSTALLED
        || hr == RPC_S_SERVER_UNAVAILABLE
        || hr == ERROR_SERVICE_DOES_NOT_EXIST
        || hr == ERROR_SERVICE_DISABLED
        || hr == ERROR_SERVICE_NOT_ACTIVE) {
      return "The Host Compute Service (vmcompute) is not available ("
          + code
          + "): install the Hyper-V role or the Containers feature and make sure the vmcompute"
          + " service runs.";
    }
    return "The Host Compute Service did not answer ("
        + code
        + (e.getMessage() == null ? "" : ": " + e.getMessage())
        + "). It needs the Hyper-V role or the Containers feature, and an Administrator or Hyper-V"
        + " Administrators member to run this service.";
  }
}
