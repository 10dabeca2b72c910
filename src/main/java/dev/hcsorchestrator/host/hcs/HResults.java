package dev.hcsorchestrator.host.hcs;

import java.util.Map;

/** HRESULTs of HCS and the generic ones seen in its flows. */
public final class HResults {

  public static final int S_OK = 0;
  public static final int HCS_E_TERMINATED_DURING_START = 0x80370100;
  public static final int HCS_E_IMAGE_MISMATCH = 0x80370101;
  public static final int HCS_E_HYPERV_NOT_INSTALLED = 0x80370102;
  public static final int HCS_E_INVALID_STATE = 0x80370105;
  public static final int HCS_E_UNEXPECTED_EXIT = 0x80370106;
  public static final int HCS_E_TERMINATED = 0x80370107;
  public static final int HCS_E_CONNECT_FAILED = 0x80370108;
  public static final int HCS_E_CONNECTION_TIMEOUT = 0x80370109;
  public static final int HCS_E_CONNECTION_CLOSED = 0x8037010A;
  public static final int HCS_E_UNKNOWN_MESSAGE = 0x8037010B;
  public static final int HCS_E_UNSUPPORTED_PROTOCOL_VERSION = 0x8037010C;
  public static final int HCS_E_INVALID_JSON = 0x8037010D;
  public static final int HCS_E_SYSTEM_NOT_FOUND = 0x8037010E;
  public static final int HCS_E_SYSTEM_ALREADY_EXISTS = 0x8037010F;
  public static final int HCS_E_SYSTEM_ALREADY_STOPPED = 0x80370110;
  public static final int HCS_E_PROTOCOL_ERROR = 0x80370111;
  public static final int HCS_E_INVALID_LAYER = 0x80370112;
  public static final int HCS_E_WINDOWS_INSIDER_REQUIRED = 0x80370113;
  public static final int HCS_E_SERVICE_NOT_AVAILABLE = 0x80370114;
  public static final int HCS_E_OPERATION_NOT_STARTED = 0x80370115;
  public static final int HCS_E_OPERATION_ALREADY_STARTED = 0x80370116;
  public static final int HCS_E_OPERATION_PENDING = 0x80370117;
  public static final int HCS_E_OPERATION_TIMEOUT = 0x80370118;
  public static final int HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET = 0x80370119;
  public static final int HCS_E_OPERATION_RESULT_ALLOCATION_FAILED = 0x8037011A;
  public static final int HCS_E_ACCESS_DENIED = 0x8037011B;
  public static final int HCS_E_GUEST_CRITICAL_ERROR = 0x8037011C;
  public static final int HCS_E_PROCESS_INFO_NOT_AVAILABLE = 0x8037011D;
  public static final int HCS_E_SERVICE_DISCONNECT = 0x8037011E;
  public static final int HCS_E_PROCESS_ALREADY_STOPPED = 0x8037011F;
  public static final int HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION = 0x80370120;
  public static final int HCS_E_OPERATION_ALREADY_CANCELLED = 0x80370121;

  public static final int E_NOTIMPL = 0x80004001;
  public static final int E_FAIL = 0x80004005;
  public static final int E_ACCESSDENIED = 0x80070005;
  public static final int E_HANDLE = 0x80070006;
  public static final int E_INVALID_DATA = 0x8007000D;
  public static final int E_NOT_SUPPORTED = 0x80070032;
  public static final int E_INVALIDARG = 0x80070057;
  public static final int E_PROC_NOT_FOUND = 0x8007007F;
  public static final int E_NOT_FOUND = 0x80070490;
  public static final int E_FILE_EXISTS = 0x80070050;
  public static final int E_FILE_NOT_FOUND = 0x80070002;
  public static final int E_PATH_NOT_FOUND = 0x80070003;
  public static final int E_SHARING_VIOLATION = 0x80070020;
  public static final int E_DISK_FULL = 0x80070070;
  public static final int E_ALREADY_EXISTS = 0x800700B7;

  public static final int ERROR_VHD_PARENT_VHD_NOT_FOUND = 0xC03A000D;
  public static final int ERROR_VHD_INVALID_SIZE = 0xC03A0012;
  public static final int ERROR_VIRTDISK_NOT_VIRTUAL_DISK = 0xC03A0015;
  public static final int ERROR_VHD_PARENT_VHD_ACCESS_DENIED = 0xC03A0016;

  /** HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST): a disk that is not attached has no device. */
  public static final int E_DEV_NOT_EXIST = 0x80070037;

  /**
   * HRESULT_FROM_WIN32(ERROR_NOT_READY) and (ERROR_DEVICE_NOT_CONNECTED): the volume of a freshly
   * attached disk is not there yet (hcsshim internal/layers, mountProcessIsolatedWCIFSLayers,
   * retries both).
   */
  public static final int E_NOT_READY = 0x80070015;

  public static final int E_DEVICE_NOT_CONNECTED = 0x8007048F;

  public static final int HCN_E_NETWORK_NOT_FOUND = 0x803B0001;
  public static final int HCN_E_ENDPOINT_NOT_FOUND = 0x803B0002;
  public static final int HCN_E_POLICY_NOT_FOUND = 0x803B0008;
  public static final int HCN_E_INVALID_NETWORK = 0x803B000A;
  public static final int HCN_E_INVALID_NETWORK_TYPE = 0x803B000B;
  public static final int HCN_E_INVALID_ENDPOINT = 0x803B000C;
  public static final int HCN_E_NETWORK_ALREADY_EXISTS = 0x803B0010;
  public static final int HCN_E_POLICY_ALREADY_EXISTS = 0x803B0012;
  public static final int HCN_E_REQUEST_UNSUPPORTED = 0x803B0015;
  public static final int HCN_E_INVALID_JSON = 0x803B001B;
  public static final int HCN_E_INVALID_IP = 0x803B001E;
  public static final int HCN_E_MANAGER_STOPPED = 0x803B0020;
  public static final int HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS = 0x803B002B;
  public static final int HCN_E_ENTITY_HAS_REFERENCES = 0x803B002C;
  public static final int HCN_E_ADDR_INVALID_OR_RESERVED = 0x803B002F;
  public static final int HCN_E_ENDPOINT_NOT_ATTACHED = 0x803B0034;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(HCS_E_TERMINATED_DURING_START, "HCS_E_TERMINATED_DURING_START"),
          Map.entry(HCS_E_IMAGE_MISMATCH, "HCS_E_IMAGE_MISMATCH"),
          Map.entry(HCS_E_HYPERV_NOT_INSTALLED, "HCS_E_HYPERV_NOT_INSTALLED"),
          Map.entry(HCS_E_INVALID_STATE, "HCS_E_INVALID_STATE"),
          Map.entry(HCS_E_UNEXPECTED_EXIT, "HCS_E_UNEXPECTED_EXIT"),
          Map.entry(HCS_E_TERMINATED, "HCS_E_TERMINATED"),
          Map.entry(HCS_E_CONNECT_FAILED, "HCS_E_CONNECT_FAILED"),
          Map.entry(HCS_E_CONNECTION_TIMEOUT, "HCS_E_CONNECTION_TIMEOUT"),
          Map.entry(HCS_E_CONNECTION_CLOSED, "HCS_E_CONNECTION_CLOSED"),
          Map.entry(HCS_E_UNKNOWN_MESSAGE, "HCS_E_UNKNOWN_MESSAGE"),
          Map.entry(HCS_E_UNSUPPORTED_PROTOCOL_VERSION, "HCS_E_UNSUPPORTED_PROTOCOL_VERSION"),
          Map.entry(HCS_E_INVALID_JSON, "HCS_E_INVALID_JSON"),
          Map.entry(HCS_E_SYSTEM_NOT_FOUND, "HCS_E_SYSTEM_NOT_FOUND"),
          Map.entry(HCS_E_SYSTEM_ALREADY_EXISTS, "HCS_E_SYSTEM_ALREADY_EXISTS"),
          Map.entry(HCS_E_SYSTEM_ALREADY_STOPPED, "HCS_E_SYSTEM_ALREADY_STOPPED"),
          Map.entry(HCS_E_PROTOCOL_ERROR, "HCS_E_PROTOCOL_ERROR"),
          Map.entry(HCS_E_INVALID_LAYER, "HCS_E_INVALID_LAYER"),
          Map.entry(HCS_E_WINDOWS_INSIDER_REQUIRED, "HCS_E_WINDOWS_INSIDER_REQUIRED"),
          Map.entry(HCS_E_SERVICE_NOT_AVAILABLE, "HCS_E_SERVICE_NOT_AVAILABLE"),
          Map.entry(HCS_E_OPERATION_NOT_STARTED, "HCS_E_OPERATION_NOT_STARTED"),
          Map.entry(HCS_E_OPERATION_ALREADY_STARTED, "HCS_E_OPERATION_ALREADY_STARTED"),
          Map.entry(HCS_E_OPERATION_PENDING, "HCS_E_OPERATION_PENDING"),
          Map.entry(HCS_E_OPERATION_TIMEOUT, "HCS_E_OPERATION_TIMEOUT"),
          Map.entry(
              HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET,
              "HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET"),
          Map.entry(
              HCS_E_OPERATION_RESULT_ALLOCATION_FAILED, "HCS_E_OPERATION_RESULT_ALLOCATION_FAILED"),
          Map.entry(HCS_E_ACCESS_DENIED, "HCS_E_ACCESS_DENIED"),
          Map.entry(HCS_E_GUEST_CRITICAL_ERROR, "HCS_E_GUEST_CRITICAL_ERROR"),
          Map.entry(HCS_E_PROCESS_INFO_NOT_AVAILABLE, "HCS_E_PROCESS_INFO_NOT_AVAILABLE"),
          Map.entry(HCS_E_SERVICE_DISCONNECT, "HCS_E_SERVICE_DISCONNECT"),
          Map.entry(HCS_E_PROCESS_ALREADY_STOPPED, "HCS_E_PROCESS_ALREADY_STOPPED"),
          Map.entry(
              HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION,
              "HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION"),
          Map.entry(HCS_E_OPERATION_ALREADY_CANCELLED, "HCS_E_OPERATION_ALREADY_CANCELLED"),
          Map.entry(E_NOTIMPL, "E_NOTIMPL"),
          Map.entry(E_FAIL, "E_FAIL"),
          Map.entry(E_ACCESSDENIED, "E_ACCESSDENIED"),
          Map.entry(E_HANDLE, "E_HANDLE"),
          Map.entry(E_INVALID_DATA, "ERROR_INVALID_DATA"),
          Map.entry(E_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED"),
          Map.entry(E_INVALIDARG, "E_INVALIDARG"),
          Map.entry(E_PROC_NOT_FOUND, "ERROR_PROC_NOT_FOUND"),
          Map.entry(E_NOT_FOUND, "ERROR_NOT_FOUND"),
          Map.entry(E_FILE_EXISTS, "ERROR_FILE_EXISTS"),
          Map.entry(E_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND"),
          Map.entry(E_PATH_NOT_FOUND, "ERROR_PATH_NOT_FOUND"),
          Map.entry(E_SHARING_VIOLATION, "ERROR_SHARING_VIOLATION"),
          Map.entry(E_NOT_READY, "ERROR_NOT_READY"),
          Map.entry(E_DEVICE_NOT_CONNECTED, "ERROR_DEVICE_NOT_CONNECTED"),
          Map.entry(E_DISK_FULL, "ERROR_DISK_FULL"),
          Map.entry(E_ALREADY_EXISTS, "ERROR_ALREADY_EXISTS"),
          Map.entry(ERROR_VHD_PARENT_VHD_NOT_FOUND, "ERROR_VHD_PARENT_VHD_NOT_FOUND"),
          Map.entry(ERROR_VHD_INVALID_SIZE, "ERROR_VHD_INVALID_SIZE"),
          Map.entry(ERROR_VIRTDISK_NOT_VIRTUAL_DISK, "ERROR_VIRTDISK_NOT_VIRTUAL_DISK"),
          Map.entry(ERROR_VHD_PARENT_VHD_ACCESS_DENIED, "ERROR_VHD_PARENT_VHD_ACCESS_DENIED"),
          Map.entry(E_DEV_NOT_EXIST, "ERROR_DEV_NOT_EXIST"),
          Map.entry(HCN_E_NETWORK_NOT_FOUND, "HCN_E_NETWORK_NOT_FOUND"),
          Map.entry(HCN_E_ENDPOINT_NOT_FOUND, "HCN_E_ENDPOINT_NOT_FOUND"),
          Map.entry(HCN_E_POLICY_NOT_FOUND, "HCN_E_POLICY_NOT_FOUND"),
          Map.entry(HCN_E_INVALID_NETWORK, "HCN_E_INVALID_NETWORK"),
          Map.entry(HCN_E_INVALID_NETWORK_TYPE, "HCN_E_INVALID_NETWORK_TYPE"),
          Map.entry(HCN_E_INVALID_ENDPOINT, "HCN_E_INVALID_ENDPOINT"),
          Map.entry(HCN_E_NETWORK_ALREADY_EXISTS, "HCN_E_NETWORK_ALREADY_EXISTS"),
          Map.entry(HCN_E_POLICY_ALREADY_EXISTS, "HCN_E_POLICY_ALREADY_EXISTS"),
          Map.entry(HCN_E_REQUEST_UNSUPPORTED, "HCN_E_REQUEST_UNSUPPORTED"),
          Map.entry(HCN_E_INVALID_JSON, "HCN_E_INVALID_JSON"),
          Map.entry(HCN_E_INVALID_IP, "HCN_E_INVALID_IP"),
          Map.entry(HCN_E_MANAGER_STOPPED, "HCN_E_MANAGER_STOPPED"),
          Map.entry(
              HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS, "HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS"),
          Map.entry(HCN_E_ENTITY_HAS_REFERENCES, "HCN_E_ENTITY_HAS_REFERENCES"),
          Map.entry(HCN_E_ADDR_INVALID_OR_RESERVED, "HCN_E_ADDR_INVALID_OR_RESERVED"),
          Map.entry(HCN_E_ENDPOINT_NOT_ATTACHED, "HCN_E_ENDPOINT_NOT_ATTACHED"));

  private HResults() {}

  /**
   * Whether an HCN delete or open failed because the object is gone: the codes hcsshim treats so
   * (ERROR_NOT_FOUND, hcsshim {@code hcn.IsNotFoundError}) and HCN's network and endpoint not
   * found.
   */
  public static boolean isHcnNotFound(int hresult) {
    int hr = normalize(hresult);
    return hr == HCN_E_NETWORK_NOT_FOUND
        || hr == HCN_E_ENDPOINT_NOT_FOUND
        || hr == E_NOT_FOUND
        || hr == E_FILE_NOT_FOUND;
  }

  /** Maps the V1 Win32 form {@code 0xC037xxxx} to the HRESULT form {@code 0x8037xxxx}. */
  public static int normalize(int hresult) {
    return (hresult & 0xFFFF0000) == 0xC0370000 ? (hresult & 0x0000FFFF) | 0x80370000 : hresult;
  }

  /** HRESULT_FROM_WIN32: a Win32 error code (as virtdisk returns) as an HRESULT. */
  public static int fromWin32(int win32Error) {
    return win32Error <= 0 ? win32Error : (win32Error & 0x0000FFFF) | 0x80070000;
  }

  /** The symbolic name, or the hex value when unknown. */
  public static String name(int hresult) {
    String name = NAMES.get(normalize(hresult));
    return name != null ? name : String.format("0x%08X", hresult);
  }

  /** Parses "0x80370118" or a decimal, as the simulator's fault endpoint accepts. */
  public static int parse(String text) {
    String t = text.trim();
    return t.startsWith("0x") || t.startsWith("0X")
        ? Integer.parseUnsignedInt(t.substring(2), 16)
        : Integer.parseInt(t);
  }
}
