package dev.hcsorchestrator.host.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * computecore.dll with its native names and the prototypes of ComputeCore.h. A plain {@link
 * Library} (x64 Windows has one calling convention, and a stdcall-mapped library would not load the
 * C twin off Windows) with {@link W32APIOptions#UNICODE_OPTIONS}, so {@code String} is passed as
 * the platform's {@code wchar_t*}. Handles are opaque {@link Pointer}s; {@code PWSTR*} results are
 * {@link PointerByReference}s the caller frees with {@code LocalFree}.
 */
public interface ComputeCoreLibrary extends Library {

  /** HCS_OPERATION_COMPLETION. */
  interface OperationCompletion extends Callback {
    void invoke(Pointer operation, Pointer context);
  }

  /** HCS_EVENT_CALLBACK; {@code event} points at an {@link HcsEventStructure} owned by HCS. */
  interface EventCallback extends Callback {
    void invoke(Pointer event, Pointer context);
  }

  /** Loads the library lazily, only when the native host is chosen. */
  static ComputeCoreLibrary load(String nameOrPath) {
    return Native.load(nameOrPath, ComputeCoreLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }

  // Operations
  Pointer HcsCreateOperation(Pointer context, OperationCompletion callback);

  void HcsCloseOperation(Pointer operation);

  int HcsWaitForOperationResult(
      Pointer operation, int timeoutMs, PointerByReference resultDocument);

  int HcsWaitForOperationResultAndProcessInfo(
      Pointer operation,
      int timeoutMs,
      HcsProcessInformation processInformation,
      PointerByReference resultDocument);

  int HcsGetOperationResult(Pointer operation, PointerByReference resultDocument);

  /** Documented as E_NOTIMPL; called best effort after a timed-out wait, as hcsshim does. */
  int HcsCancelOperation(Pointer operation);

  // Compute systems
  int HcsEnumerateComputeSystems(String query, Pointer operation);

  int HcsCreateComputeSystem(
      String id,
      String configuration,
      Pointer operation,
      Pointer securityDescriptor,
      PointerByReference computeSystem);

  int HcsOpenComputeSystem(String id, int requestedAccess, PointerByReference computeSystem);

  void HcsCloseComputeSystem(Pointer computeSystem);

  int HcsStartComputeSystem(Pointer computeSystem, Pointer operation, String options);

  int HcsShutDownComputeSystem(Pointer computeSystem, Pointer operation, String options);

  int HcsTerminateComputeSystem(Pointer computeSystem, Pointer operation, String options);

  int HcsPauseComputeSystem(Pointer computeSystem, Pointer operation, String options);

  int HcsResumeComputeSystem(Pointer computeSystem, Pointer operation, String options);

  int HcsSaveComputeSystem(Pointer computeSystem, Pointer operation, String options);

  int HcsGetComputeSystemProperties(Pointer computeSystem, Pointer operation, String propertyQuery);

  int HcsSetComputeSystemCallback(
      Pointer computeSystem, int callbackOptions, Pointer context, EventCallback callback);

  // Processes
  int HcsCreateProcess(
      Pointer computeSystem,
      String processParameters,
      Pointer operation,
      Pointer securityDescriptor,
      PointerByReference process);

  int HcsOpenProcess(
      Pointer computeSystem, int processId, int requestedAccess, PointerByReference process);

  void HcsCloseProcess(Pointer process);

  int HcsTerminateProcess(Pointer process, Pointer operation, String options);

  int HcsGetProcessInfo(Pointer process, Pointer operation);

  int HcsSetProcessCallback(
      Pointer process, int callbackOptions, Pointer context, EventCallback callback);

  // Service and VM files
  int HcsGetServiceProperties(String propertyQuery, PointerByReference result);

  int HcsGrantVmAccess(String vmId, String filePath);

  int HcsRevokeVmAccess(String vmId, String filePath);

  int HcsCreateEmptyGuestStateFile(String guestStateFilePath);

  int HcsCreateEmptyRuntimeStateFile(String runtimeStateFilePath);
}
