package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ComputeCore} over computecore.dll (or its C twin) through JNA, following hcsshim: one
 * HCS_OPERATION per call, closed in {@code finally}; waits bounded by {@link NativeTimeouts}; every
 * returned string copied and freed with LocalFree; ResultError parsed into {@link HcsException};
 * one event callback for every handle with a numeric context; a per-handle read/write lock so no
 * handle is closed while another thread is inside a call that uses it.
 */
public final class NativeComputeCore implements ComputeCore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NativeComputeCore.class);

  static final int GENERIC_ALL = 0x10000000;
  static final int EVENT_OPTION_NONE = 0;
  private static final int E_OUTOFMEMORY = 0x8007000E;
  private static final long MAX_WAIT_MS = 0xFFFFFFFEL;
  private static final Pointer INVALID_HANDLE_VALUE = new Pointer(-1);

  private final ComputeCoreLibrary lib;
  private final Kernel kernel;
  private final NativeTimeouts timeouts;
  private final ExecutorService events;
  private final Map<String, SystemHandle> systems = new ConcurrentHashMap<>();
  private final Object openLock = new Object();
  private volatile HcsEventListener listener = event -> {};

  public NativeComputeCore(ComputeCoreLibrary lib, Kernel kernel, NativeTimeouts timeouts) {
    this.lib = lib;
    this.kernel = kernel;
    this.timeouts = timeouts;
    this.events =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hcs-native-events");
              t.setDaemon(true);
              return t;
            });
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
      run(
          "HcsCreateComputeSystem",
          Wait.CREATE,
          op -> lib.HcsCreateComputeSystem(id, configuration, op, null, system));
    } catch (HcsException e) {
      // The DLL may hand out a handle for a create that then failed; it is ours to close.
      if (system.getValue() != null) {
        lib.HcsCloseComputeSystem(system.getValue());
      }
      throw e;
    }
    synchronized (openLock) {
      SystemHandle stale = systems.get(id);
      if (stale != null) {
        // A handle to an earlier system of this id that has exited: it is dead.
        closeSystemHandle(stale);
      }
      register(id, system.getValue());
    }
  }

  @Override
  public void openComputeSystem(String id) {
    if (!systems.containsKey(id)) {
      open(id);
    }
  }

  @Override
  public void closeComputeSystem(String id) {
    SystemHandle handle = systems.get(id);
    if (handle != null) {
      closeSystemHandle(handle);
    }
  }

  @Override
  public void startComputeSystem(String id, String options) {
    withSystem(
        id,
        h ->
            run(
                "HcsStartComputeSystem",
                Wait.START,
                op -> lib.HcsStartComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void shutDownComputeSystem(String id, String options) {
    withSystem(
        id,
        h ->
            submit(
                "HcsShutDownComputeSystem",
                op -> lib.HcsShutDownComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void terminateComputeSystem(String id, String options) {
    withSystem(
        id,
        h ->
            submit(
                "HcsTerminateComputeSystem",
                op -> lib.HcsTerminateComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void pauseComputeSystem(String id, String options) {
    withSystem(
        id,
        h ->
            run(
                "HcsPauseComputeSystem",
                Wait.PAUSE,
                op -> lib.HcsPauseComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void resumeComputeSystem(String id, String options) {
    withSystem(
        id,
        h ->
            run(
                "HcsResumeComputeSystem",
                Wait.RESUME,
                op -> lib.HcsResumeComputeSystem(h.pointer, op, options)));
  }

  @Override
  public void saveComputeSystem(String id, String options) {
    withSystem(
        id,
        h ->
            run(
                "HcsSaveComputeSystem",
                Wait.SAVE,
                op -> lib.HcsSaveComputeSystem(h.pointer, op, options)));
  }

  @Override
  public String getComputeSystemProperties(String id, String propertyQuery) {
    return withSystem(
        id,
        h ->
            run(
                "HcsGetComputeSystemProperties",
                Wait.OTHER,
                op -> lib.HcsGetComputeSystemProperties(h.pointer, op, propertyQuery)));
  }

  @Override
  public void modifyComputeSystem(String id, String configuration) {
    withSystem(
        id,
        h ->
            run(
                "HcsModifyComputeSystem",
                Wait.OTHER,
                op -> lib.HcsModifyComputeSystem(h.pointer, op, configuration, null)));
  }

  @Override
  public String enumerateComputeSystems(String query) {
    return run(
        "HcsEnumerateComputeSystems", Wait.OTHER, op -> lib.HcsEnumerateComputeSystems(query, op));
  }

  // ---- processes --------------------------------------------------------------------------------

  @Override
  public int createProcess(String systemId, String processParameters) {
    return withSystem(
        systemId,
        h -> {
          PointerByReference process = new PointerByReference();
          HcsProcessInformation info = new HcsProcessInformation();
          Pointer op = createOperation("HcsCreateProcess");
          try {
            int hr = lib.HcsCreateProcess(h.pointer, processParameters, op, null, process);
            if (hr < 0) {
              throw failure("HcsCreateProcess", hr, operationResult(op), null);
            }
            PointerByReference result = new PointerByReference();
            hr =
                lib.HcsWaitForOperationResultAndProcessInfo(
                    op, millis(Wait.OTHER.of(timeouts)), info, result);
            String document = take(result);
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
                throw failure("HcsCreateProcess", hr, document, Wait.OTHER);
              }
            }
          } finally {
            lib.HcsCloseOperation(op);
          }
          closeStdio(info);
          ProcessHandle registered = registerProcess(h, info.ProcessId, process.getValue());
          return registered.pid;
        });
  }

  /** HcsGetProcessInfo on a fresh operation; fills {@code info} and says whether it worked. */
  private boolean recoverProcessInfo(Pointer process, HcsProcessInformation info) {
    Pointer op = createOperation("HcsGetProcessInfo");
    try {
      int hr = lib.HcsGetProcessInfo(process, op);
      if (hr < 0) {
        operationResult(op);
        return false;
      }
      PointerByReference result = new PointerByReference();
      hr =
          lib.HcsWaitForOperationResultAndProcessInfo(
              op, millis(Wait.OTHER.of(timeouts)), info, result);
      take(result);
      return hr >= 0;
    } finally {
      lib.HcsCloseOperation(op);
    }
  }

  @Override
  public void terminateProcess(String systemId, int processId, String options) {
    withProcess(
        systemId,
        processId,
        p -> submit("HcsTerminateProcess", op -> lib.HcsTerminateProcess(p.pointer, op, options)));
  }

  @Override
  public void signalProcess(String systemId, int processId, String options) {
    withProcess(
        systemId,
        processId,
        p ->
            run(
                "HcsSignalProcess",
                Wait.OTHER,
                op -> lib.HcsSignalProcess(p.pointer, op, options)));
  }

  @Override
  public String getProcessProperties(String systemId, int processId, String propertyQuery) {
    return withProcess(
        systemId,
        processId,
        p ->
            run(
                "HcsGetProcessProperties",
                Wait.OTHER,
                op -> lib.HcsGetProcessProperties(p.pointer, op, propertyQuery)));
  }

  @Override
  public void closeProcess(String systemId, int processId) {
    SystemHandle system = systems.get(systemId);
    if (system != null) {
      ProcessHandle process = system.processes.get(processId);
      if (process != null) {
        closeProcessHandle(process);
      }
    }
  }

  // ---- service and files ------------------------------------------------------------------------

  @Override
  public String getServiceProperties(String propertyQuery) {
    PointerByReference result = new PointerByReference();
    int hr = lib.HcsGetServiceProperties(propertyQuery, result);
    String document = take(result);
    if (hr < 0) {
      throw failure("HcsGetServiceProperties", hr, document, null);
    }
    return document;
  }

  @Override
  public void grantVmAccess(String vmId, String filePath) {
    check("HcsGrantVmAccess", lib.HcsGrantVmAccess(vmId, filePath));
  }

  @Override
  public void revokeVmAccess(String vmId, String filePath) {
    check("HcsRevokeVmAccess", lib.HcsRevokeVmAccess(vmId, filePath));
  }

  @Override
  public void createEmptyGuestStateFile(String path) {
    check("HcsCreateEmptyGuestStateFile", lib.HcsCreateEmptyGuestStateFile(path));
  }

  @Override
  public void createEmptyRuntimeStateFile(String path) {
    check("HcsCreateEmptyRuntimeStateFile", lib.HcsCreateEmptyRuntimeStateFile(path));
  }

  @Override
  public void setEventListener(HcsEventListener listener) {
    this.listener = listener == null ? event -> {} : listener;
  }

  /** Closes every handle this instance holds and stops its event thread. */
  @Override
  public void close() {
    for (SystemHandle handle : List.copyOf(systems.values())) {
      closeSystemHandle(handle);
    }
    events.shutdown();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ids of the systems this instance holds a handle for (diagnostics and tests). */
  public List<String> openSystemIds() {
    return List.copyOf(systems.keySet());
  }

  // ---- operations -------------------------------------------------------------------------------

  private Pointer createOperation(String name) {
    Pointer op = lib.HcsCreateOperation(null, null);
    if (op == null) {
      throw new HcsException(name, E_OUTOFMEMORY, "HcsCreateOperation returned NULL", null);
    }
    return op;
  }

  /** One operation: submit, wait at most the {@code wait} bound, return the result document. */
  private String run(String name, Wait wait, ToIntFunction<Pointer> call) {
    Pointer op = createOperation(name);
    try {
      int hr = call.applyAsInt(op);
      if (hr < 0) {
        throw failure(name, hr, operationResult(op), null);
      }
      PointerByReference result = new PointerByReference();
      hr = lib.HcsWaitForOperationResult(op, millis(wait.of(timeouts)), result);
      String document = take(result);
      if (hr < 0) {
        if (HResults.normalize(hr) == HResults.HCS_E_OPERATION_TIMEOUT) {
          cancel(op);
        }
        throw failure(name, hr, document, wait);
      }
      return document;
    } finally {
      // Safe while the request is in flight: HCS keeps running it and discards the result.
      lib.HcsCloseOperation(op);
    }
  }

  /**
   * Shutdown and terminate: submitted, then a short wait only to surface an early failure (already
   * stopped, not found); their completion is the exit event, not this call.
   */
  private Void submit(String name, ToIntFunction<Pointer> call) {
    Pointer op = createOperation(name);
    try {
      int hr = call.applyAsInt(op);
      if (hr < 0) {
        throw failure(name, hr, operationResult(op), null);
      }
      PointerByReference result = new PointerByReference();
      hr = lib.HcsWaitForOperationResult(op, millis(timeouts.stopAcknowledge()), result);
      String document = take(result);
      if (hr < 0 && HResults.normalize(hr) != HResults.HCS_E_OPERATION_TIMEOUT) {
        throw failure(name, hr, document, null);
      }
      return null;
    } finally {
      lib.HcsCloseOperation(op);
    }
  }

  private void cancel(Pointer op) {
    try {
      lib.HcsCancelOperation(op);
    } catch (UnsatisfiedLinkError missing) {
      // Older computecore builds lack the export; nothing to cancel then.
    }
  }

  /** The error document of an operation whose submission failed, if the DLL left one. */
  private String operationResult(Pointer op) {
    PointerByReference result = new PointerByReference();
    lib.HcsGetOperationResult(op, result);
    return take(result);
  }

  /** Copies a returned string and frees it with LocalFree, on every path. */
  String take(PointerByReference result) {
    Pointer p = result.getValue();
    if (p == null) {
      return null;
    }
    try {
      return p.getWideString(0);
    } finally {
      Pointer failed = kernel.LocalFree(p);
      if (failed != null) {
        log.warn("LocalFree did not release a result string");
      }
    }
  }

  private void check(String name, int hr) {
    if (hr < 0) {
      throw failure(name, hr, null, null);
    }
  }

  private HcsException failure(String name, int hr, String document, Wait wait) {
    String message = ResultErrors.message(document);
    if (message == null
        && wait != null
        && HResults.normalize(hr) == HResults.HCS_E_OPERATION_TIMEOUT) {
      message = "no result within " + wait.property();
    }
    return new HcsException(name, hr, message, document);
  }

  /** The bounded waits, each with the property that sets it, so a timeout names its setting. */
  private enum Wait {
    CREATE,
    START,
    PAUSE,
    RESUME,
    SAVE,
    OTHER;

    Duration of(NativeTimeouts t) {
      return switch (this) {
        case CREATE -> t.create();
        case START -> t.start();
        case PAUSE -> t.pause();
        case RESUME -> t.resume();
        case SAVE -> t.save();
        case OTHER -> t.other();
      };
    }

    String property() {
      return "hcs.host.native.timeouts." + name().toLowerCase(Locale.ROOT);
    }
  }

  private static int millis(Duration timeout) {
    return (int) Math.max(0, Math.min(timeout.toMillis(), MAX_WAIT_MS));
  }

  private void closeStdio(HcsProcessInformation info) {
    for (Pointer handle : new Pointer[] {info.StdInput, info.StdOutput, info.StdError}) {
      if (handle != null && !handle.equals(INVALID_HANDLE_VALUE)) {
        kernel.CloseHandle(handle);
      }
    }
  }

  // ---- handles ----------------------------------------------------------------------------------

  /** A compute-system handle; the write lock is taken only to close it. */
  static final class SystemHandle {
    final String id;
    final Pointer pointer;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final Map<Integer, ProcessHandle> processes = new ConcurrentHashMap<>();
    long context;
    boolean closed;

    SystemHandle(String id, Pointer pointer) {
      this.id = id;
      this.pointer = pointer;
    }
  }

  static final class ProcessHandle {
    final SystemHandle system;
    final int pid;
    final Pointer pointer;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    long context;
    boolean closed;

    ProcessHandle(SystemHandle system, int pid, Pointer pointer) {
      this.system = system;
      this.pid = pid;
      this.pointer = pointer;
    }
  }

  private <T> T withSystem(String id, Function<SystemHandle, T> call) {
    while (true) {
      SystemHandle handle = systems.get(id);
      if (handle == null) {
        handle = open(id);
      }
      handle.lock.readLock().lock();
      try {
        if (!handle.closed) {
          return call.apply(handle);
        }
      } finally {
        handle.lock.readLock().unlock();
      }
      // Closed under us (exit, disconnect): open afresh; a gone system then says not found.
      systems.remove(id, handle);
    }
  }

  private <T> T withProcess(String systemId, int pid, Function<ProcessHandle, T> call) {
    return withSystem(
        systemId,
        system -> {
          while (true) {
            ProcessHandle process = system.processes.get(pid);
            if (process == null) {
              process = openProcess(system, pid);
            }
            process.lock.readLock().lock();
            try {
              if (!process.closed) {
                return call.apply(process);
              }
            } finally {
              process.lock.readLock().unlock();
            }
            system.processes.remove(pid, process);
          }
        });
  }

  private SystemHandle open(String id) {
    synchronized (openLock) {
      SystemHandle existing = systems.get(id);
      if (existing != null) {
        return existing;
      }
      PointerByReference system = new PointerByReference();
      int hr = lib.HcsOpenComputeSystem(id, GENERIC_ALL, system);
      if (hr < 0) {
        throw failure("HcsOpenComputeSystem", hr, null, null);
      }
      return register(id, system.getValue());
    }
  }

  /** Registers the event callback before anything else can happen to the handle; openLock held. */
  private SystemHandle register(String id, Pointer pointer) {
    SystemHandle handle = new SystemHandle(id, pointer);
    handle.context = EventRouter.INSTANCE.register(this, handle, null);
    int hr =
        lib.HcsSetComputeSystemCallback(
            pointer,
            EVENT_OPTION_NONE,
            new Pointer(handle.context),
            EventRouter.INSTANCE.callback());
    if (hr < 0) {
      EventRouter.INSTANCE.unregister(handle.context);
      lib.HcsCloseComputeSystem(pointer);
      throw failure("HcsSetComputeSystemCallback", hr, null, null);
    }
    systems.put(id, handle);
    return handle;
  }

  private ProcessHandle openProcess(SystemHandle system, int pid) {
    synchronized (system.processes) {
      ProcessHandle existing = system.processes.get(pid);
      if (existing != null) {
        return existing;
      }
      PointerByReference process = new PointerByReference();
      int hr = lib.HcsOpenProcess(system.pointer, pid, GENERIC_ALL, process);
      if (hr < 0) {
        throw failure("HcsOpenProcess", hr, null, null);
      }
      return registerProcess(system, pid, process.getValue());
    }
  }

  private ProcessHandle registerProcess(SystemHandle system, int pid, Pointer pointer) {
    ProcessHandle process = new ProcessHandle(system, pid, pointer);
    process.context = EventRouter.INSTANCE.register(this, system, process);
    int hr =
        lib.HcsSetProcessCallback(
            pointer,
            EVENT_OPTION_NONE,
            new Pointer(process.context),
            EventRouter.INSTANCE.callback());
    if (hr < 0) {
      EventRouter.INSTANCE.unregister(process.context);
      lib.HcsCloseProcess(pointer);
      throw failure("HcsSetProcessCallback", hr, null, null);
    }
    ProcessHandle stale = system.processes.put(pid, process);
    if (stale != null) {
      closeProcessHandle(stale);
    }
    return process;
  }

  /** Waits for every call using the handle to leave, then closes it and its processes. */
  private void closeSystemHandle(SystemHandle handle) {
    systems.remove(handle.id, handle);
    handle.lock.writeLock().lock();
    try {
      if (handle.closed) {
        return;
      }
      handle.closed = true;
      for (ProcessHandle process : List.copyOf(handle.processes.values())) {
        closeProcessHandle(process);
      }
      lib.HcsCloseComputeSystem(handle.pointer);
      EventRouter.INSTANCE.unregister(handle.context);
    } finally {
      handle.lock.writeLock().unlock();
    }
  }

  private void closeProcessHandle(ProcessHandle process) {
    process.system.processes.remove(process.pid, process);
    process.lock.writeLock().lock();
    try {
      if (process.closed) {
        return;
      }
      process.closed = true;
      lib.HcsCloseProcess(process.pointer);
      EventRouter.INSTANCE.unregister(process.context);
    } finally {
      process.lock.writeLock().unlock();
    }
  }

  // ---- events -----------------------------------------------------------------------------------

  /** Called on the native thread by {@link EventRouter}: hand off at once. */
  void onNativeEvent(SystemHandle system, ProcessHandle process, int type, String data) {
    try {
      events.execute(() -> handle(system, process, type, data));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // This instance is closed; its handles are going away.
    }
  }

  private void handle(SystemHandle system, ProcessHandle process, int type, String data) {
    try {
      switch (type) {
        case HcsEvent.SERVICE_DISCONNECT -> onServiceDisconnect(system, data);
        case HcsEvent.SYSTEM_EXITED -> {
          if (process == null) {
            // The system is gone: later calls must open afresh (and hear "not found").
            systems.remove(system.id, system);
            emit(new HcsEvent(type, system.id, null, data));
            closeSystemHandle(system);
          }
        }
        case HcsEvent.PROCESS_EXITED -> {
          // The handle stays: the caller still asks the exit code; closeProcess releases it.
          if (process != null) {
            emit(new HcsEvent(type, system.id, process.pid, data));
          }
        }
        default -> emit(new HcsEvent(type, system.id, process == null ? null : process.pid, data));
      }
    } catch (RuntimeException e) {
      log.warn("Handling HCS event 0x{} failed", Integer.toHexString(type), e);
    }
  }

  /**
   * Every handle is dead: close them all and tell the layer above once, so it resyncs (it reopens
   * by id). Each handle gets its own copy of the event; only the first still finds it open.
   */
  private void onServiceDisconnect(SystemHandle system, String data) {
    boolean first;
    system.lock.readLock().lock();
    try {
      first = !system.closed;
    } finally {
      system.lock.readLock().unlock();
    }
    if (!first) {
      return;
    }
    List<SystemHandle> all = new ArrayList<>(systems.values());
    all.add(system);
    for (SystemHandle handle : all) {
      closeSystemHandle(handle);
    }
    emit(new HcsEvent(HcsEvent.SERVICE_DISCONNECT, null, null, data));
  }

  private void emit(HcsEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("HCS event listener failed on {}", event, e);
    }
  }
}
