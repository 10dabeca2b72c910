package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.jna.NativeHandles.ProcessHandle;
import dev.hcsorchestrator.host.jna.NativeHandles.SystemHandle;
import dev.hcsorchestrator.host.jna.NativeOperations.Wait;
import java.util.List;

/**
 * {@link ComputeCore} over computecore.dll (or its C twin) through JNA, following hcsshim: the
 * operations run as {@link NativeOperations} says (one HCS_OPERATION per call, bounded waits,
 * returned strings freed with LocalFree, ResultError parsed into {@link HcsException}); handles are
 * kept by {@link NativeHandles} (one event callback per handle with a numeric context, a per-handle
 * read/write lock so no handle is closed while a call uses it); events pass through {@link
 * NativeEvents}.
 */
public final class NativeComputeCore implements ComputeCore, AutoCloseable {

  private final ComputeCoreLibrary lib;
  private final NativeOperations ops;
  private final NativeHandles handles;
  private final NativeEvents events;

  public NativeComputeCore(ComputeCoreLibrary lib, Kernel kernel, NativeTimeouts timeouts) {
    this.lib = lib;
    this.ops = new NativeOperations(lib, kernel, timeouts);
    this.handles = new NativeHandles(lib, ops, this);
    this.events = new NativeEvents(handles);
  }

  /** Loads computecore (a name or a path, e.g. the C twin) and the kernel32 functions it needs. */
  public static NativeComputeCore load(String library, NativeTimeouts timeouts) {
    return new NativeComputeCore(ComputeCoreLibrary.load(library), Kernel.load(library), timeouts);
  }

  // ---- compute systems --------------------------------------------------------------------------

  @Override
  public void createComputeSystem(String id, String configuration) {
    PointerByReference system = new PointerByReference();
    try {
      ops.run(
          "HcsCreateComputeSystem",
          Wait.CREATE,
          op -> lib.HcsCreateComputeSystem(id, configuration, op, null, system));
    } catch (HcsException e) {
      // The DLL may hand out a handle for a create that then failed; it is ours to close. A
      // create that ran out of time may have made the system after all: as hcsshim does, it is
      // terminated (best effort) first. Never on other failures: "already exists" names a
      // system that is not ours to stop.
      Pointer made = system.getValue();
      if (made != null) {
        if (HResults.normalize(e.hresult()) == HResults.HCS_E_OPERATION_TIMEOUT) {
          terminateQuietly(made);
        }
        lib.HcsCloseComputeSystem(made);
      }
      throw e;
    }
    handles.adoptCreated(id, system.getValue());
  }

  private void terminateQuietly(Pointer made) {
    try {
      ops.submit("HcsTerminateComputeSystem", op -> lib.HcsTerminateComputeSystem(made, op, null));
    } catch (HcsException ignored) {
      // Nothing to stop (never made, already gone): the create's failure is what counts.
    }
  }

  @Override
  public void openComputeSystem(String id) {
    if (!handles.holds(id)) {
      handles.open(id);
    }
  }

  @Override
  public void closeComputeSystem(String id) {
    SystemHandle handle = handles.get(id);
    if (handle != null) {
      handles.closeSystemHandle(handle);
    }
  }

  @Override
  public void startComputeSystem(String id, String options) {
    handles.withSystem(
        id,
        h ->
            ops.run(
                "HcsStartComputeSystem",
                Wait.START,
                op -> lib.HcsStartComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void shutDownComputeSystem(String id, String options) {
    handles.withSystem(
        id,
        h ->
            ops.submit(
                "HcsShutDownComputeSystem",
                op -> lib.HcsShutDownComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void terminateComputeSystem(String id, String options) {
    handles.withSystem(
        id,
        h ->
            ops.submit(
                "HcsTerminateComputeSystem",
                op -> lib.HcsTerminateComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void pauseComputeSystem(String id, String options) {
    handles.withSystem(
        id,
        h ->
            ops.run(
                "HcsPauseComputeSystem",
                Wait.PAUSE,
                op -> lib.HcsPauseComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void resumeComputeSystem(String id, String options) {
    handles.withSystem(
        id,
        h ->
            ops.run(
                "HcsResumeComputeSystem",
                Wait.RESUME,
                op -> lib.HcsResumeComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void saveComputeSystem(String id, String options) {
    handles.withSystem(
        id,
        h ->
            ops.run(
                "HcsSaveComputeSystem",
                Wait.SAVE,
                op -> lib.HcsSaveComputeSystem(h.pointer, op, options)));
  }

  @Override
  public String getComputeSystemProperties(String id, String propertyQuery) {
    return handles.withSystem(
        id,
        h ->
            ops.run(
                "HcsGetComputeSystemProperties",
                Wait.OTHER,
                op -> lib.HcsGetComputeSystemProperties(h.pointer, op, propertyQuery)));
  }

  @Override
  public String enumerateComputeSystems(String query) {
    return ops.run(
        "HcsEnumerateComputeSystems", Wait.OTHER, op -> lib.HcsEnumerateComputeSystems(query, op));
  }

  // ---- processes --------------------------------------------------------------------------------

  @Override
  public int createProcess(String systemId, String processParameters) {
    return handles.withSystem(
        systemId,
        h -> {
          PointerByReference process = new PointerByReference();
          HcsProcessInformation info = new HcsProcessInformation();
          Pointer op = ops.createOperation("HcsCreateProcess");
          try {
            int hr = lib.HcsCreateProcess(h.pointer, processParameters, op, null, process);
            if (hr < 0) {
              throw ops.failure("HcsCreateProcess", hr, ops.operationResult(op), null);
            }
            PointerByReference result = new PointerByReference();
            hr =
                lib.HcsWaitForOperationResultAndProcessInfo(
                    op, NativeOperations.millis(Wait.OTHER.of(ops.timeouts())), info, result);
            String document = ops.take(result);
            if (hr < 0) {
              Pointer handle = process.getValue();
              // hcsshim: on process-isolated containers CreateProcess can complete at once and
              // leave its operation failing spuriously although a process handle came back.
              if (handle == null
                  || HResults.normalize(hr) == HResults.HCS_E_OPERATION_TIMEOUT
                  || !recoverProcessInfo(handle, info)) {
                if (handle != null) {
                  lib.HcsCloseProcess(handle);
                }
                throw ops.failure("HcsCreateProcess", hr, document, Wait.OTHER);
              }
            }
          } finally {
            lib.HcsCloseOperation(op);
          }
          ops.closeStdio(info);
          ProcessHandle registered = handles.registerProcess(h, info.ProcessId, process.getValue());
          return registered.pid;
        });
  }

  /** HcsGetProcessInfo on a fresh operation; fills {@code info} and says whether it worked. */
  private boolean recoverProcessInfo(Pointer process, HcsProcessInformation info) {
    Pointer op = ops.createOperation("HcsGetProcessInfo");
    try {
      int hr = lib.HcsGetProcessInfo(process, op);
      if (hr < 0) {
        ops.operationResult(op);
        return false;
      }
      PointerByReference result = new PointerByReference();
      hr =
          lib.HcsWaitForOperationResultAndProcessInfo(
              op, NativeOperations.millis(Wait.OTHER.of(ops.timeouts())), info, result);
      ops.take(result);
      return hr >= 0;
    } finally {
      lib.HcsCloseOperation(op);
    }
  }

  @Override
  public void terminateProcess(String systemId, int processId, String options) {
    handles.withProcess(
        systemId,
        processId,
        p ->
            ops.submit(
                "HcsTerminateProcess", op -> lib.HcsTerminateProcess(p.pointer, op, options)));
  }

  @Override
  public void closeProcess(String systemId, int processId) {
    SystemHandle system = handles.get(systemId);
    if (system != null) {
      ProcessHandle process = system.processes.get(processId);
      if (process != null) {
        handles.closeProcessHandle(process);
      }
    }
  }

  // ---- service and files ------------------------------------------------------------------------

  @Override
  public String getServiceProperties(String propertyQuery) {
    PointerByReference result = new PointerByReference();
    int hr = lib.HcsGetServiceProperties(propertyQuery, result);
    String document = ops.take(result);
    if (hr < 0) {
      throw ops.failure("HcsGetServiceProperties", hr, document, null);
    }
    return document;
  }

  @Override
  public void grantVmAccess(String vmId, String filePath) {
    ops.check("HcsGrantVmAccess", lib.HcsGrantVmAccess(vmId, filePath));
  }

  @Override
  public void revokeVmAccess(String vmId, String filePath) {
    ops.check("HcsRevokeVmAccess", lib.HcsRevokeVmAccess(vmId, filePath));
  }

  @Override
  public void createEmptyGuestStateFile(String path) {
    ops.check("HcsCreateEmptyGuestStateFile", lib.HcsCreateEmptyGuestStateFile(path));
  }

  @Override
  public void createEmptyRuntimeStateFile(String path) {
    ops.check("HcsCreateEmptyRuntimeStateFile", lib.HcsCreateEmptyRuntimeStateFile(path));
  }

  @Override
  public void setEventListener(HcsEventListener listener) {
    events.setListener(listener);
  }

  /** Closes every handle this instance holds and stops its event thread. */
  @Override
  public void close() {
    for (SystemHandle handle : handles.all()) {
      handles.closeSystemHandle(handle);
    }
    events.shutdown();
  }

  /** Ids of the systems this instance holds a handle for (diagnostics and tests). */
  public List<String> openSystemIds() {
    return handles.ids();
  }

  /** Called on the native thread by {@link EventRouter}: hand off at once. */
  void onNativeEvent(SystemHandle system, ProcessHandle process, int type, String data) {
    events.onNativeEvent(system, process, type, data);
  }
}
