package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The compute-system and process handles one {@link NativeComputeCore} holds, by system id: each
 * registered for events before anything else can happen to it, and guarded by a read/write lock so
 * no handle is closed while another thread is inside a call that uses it.
 */
final class NativeHandles {

  static final int GENERIC_ALL = 0x10000000;
  static final int EVENT_OPTION_NONE = 0;

  private final ComputeCoreLibrary lib;
  private final NativeOperations ops;
  private final NativeComputeCore owner;
  private final Map<String, SystemHandle> systems = new ConcurrentHashMap<>();
  private final Object openLock = new Object();

  NativeHandles(ComputeCoreLibrary lib, NativeOperations ops, NativeComputeCore owner) {
    this.lib = lib;
    this.ops = ops;
    this.owner = owner;
  }

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

  SystemHandle get(String id) {
    return systems.get(id);
  }

  boolean holds(String id) {
    return systems.containsKey(id);
  }

  List<String> ids() {
    return List.copyOf(systems.keySet());
  }

  Collection<SystemHandle> all() {
    return List.copyOf(systems.values());
  }

  /** Forgets {@code handle} under its id (when it is still the one registered). */
  void forget(SystemHandle handle) {
    systems.remove(handle.id, handle);
  }

  /** Registers a handle a create returned, closing a stale handle of the same id first. */
  void adoptCreated(String id, Pointer pointer) {
    synchronized (openLock) {
      SystemHandle stale = systems.get(id);
      if (stale != null) {
        // A handle to an earlier system of this id that has exited: it is dead.
        closeSystemHandle(stale);
      }
      register(id, pointer);
    }
  }

  <T> T withSystem(String id, Function<SystemHandle, T> call) {
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

  <T> T withProcess(String systemId, int pid, Function<ProcessHandle, T> call) {
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

  SystemHandle open(String id) {
    synchronized (openLock) {
      SystemHandle existing = systems.get(id);
      if (existing != null) {
        return existing;
      }
      PointerByReference system = new PointerByReference();
      int hr = lib.HcsOpenComputeSystem(id, GENERIC_ALL, system);
      if (hr < 0) {
        throw ops.failure("HcsOpenComputeSystem", hr, null, null);
      }
      return register(id, system.getValue());
    }
  }

  /** Registers the event callback before anything else can happen to the handle; openLock held. */
  private SystemHandle register(String id, Pointer pointer) {
    SystemHandle handle = new SystemHandle(id, pointer);
    handle.context = EventRouter.INSTANCE.register(owner, handle, null);
    int hr =
        lib.HcsSetComputeSystemCallback(
            pointer,
            EVENT_OPTION_NONE,
            new Pointer(handle.context),
            EventRouter.INSTANCE.callback());
    if (hr < 0) {
      EventRouter.INSTANCE.unregister(handle.context);
      lib.HcsCloseComputeSystem(pointer);
      throw ops.failure("HcsSetComputeSystemCallback", hr, null, null);
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
        throw ops.failure("HcsOpenProcess", hr, null, null);
      }
      return registerProcess(system, pid, process.getValue());
    }
  }

  ProcessHandle registerProcess(SystemHandle system, int pid, Pointer pointer) {
    ProcessHandle process = new ProcessHandle(system, pid, pointer);
    process.context = EventRouter.INSTANCE.register(owner, system, process);
    int hr =
        lib.HcsSetProcessCallback(
            pointer,
            EVENT_OPTION_NONE,
            new Pointer(process.context),
            EventRouter.INSTANCE.callback());
    if (hr < 0) {
      EventRouter.INSTANCE.unregister(process.context);
      lib.HcsCloseProcess(pointer);
      throw ops.failure("HcsSetProcessCallback", hr, null, null);
    }
    ProcessHandle stale = system.processes.put(pid, process);
    if (stale != null) {
      closeProcessHandle(stale);
    }
    return process;
  }

  /** Waits for every call using the handle to leave, then closes it and its processes. */
  void closeSystemHandle(SystemHandle handle) {
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

  void closeProcessHandle(ProcessHandle process) {
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

  /** Whether the handle is still open (read under its lock). */
  boolean isOpen(SystemHandle handle) {
    handle.lock.readLock().lock();
    try {
      return !handle.closed;
    } finally {
      handle.lock.readLock().unlock();
    }
  }
}
