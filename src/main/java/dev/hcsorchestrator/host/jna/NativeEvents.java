package dev.hcsorchestrator.host.jna;

import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsEventListener;
import dev.hcsorchestrator.host.jna.NativeHandles.ProcessHandle;
import dev.hcsorchestrator.host.jna.NativeHandles.SystemHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of every handle of one {@link NativeComputeCore}: handed off the native thread at
 * once, then translated (an exit closes the handle it came on, a service disconnect all of them)
 * and passed to the one listener.
 */
final class NativeEvents {

  private static final Logger log = LoggerFactory.getLogger(NativeEvents.class);

  private final NativeHandles handles;
  private final ExecutorService events;
  private volatile HcsEventListener listener = event -> {};

  NativeEvents(NativeHandles handles) {
    this.handles = handles;
    this.events =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hcs-native-events");
              t.setDaemon(true);
              return t;
            });
  }

  void setListener(HcsEventListener listener) {
    this.listener = listener == null ? event -> {} : listener;
  }

  /** Called on the native thread: hand off at once. */
  void onNativeEvent(SystemHandle system, ProcessHandle process, int type, String data) {
    try {
      events.execute(() -> handle(system, process, type, data));
    } catch (RejectedExecutionException closed) {
      // This instance is closed; its handles are going away.
    }
  }

  void shutdown() {
    events.shutdown();
    try {
      events.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(SystemHandle system, ProcessHandle process, int type, String data) {
    try {
      switch (type) {
        case HcsEvent.SERVICE_DISCONNECT -> onServiceDisconnect(system, data);
        case HcsEvent.SYSTEM_EXITED -> {
          if (process == null) {
            // The system is gone: later calls must open afresh (and hear "not found").
            handles.forget(system);
            emit(new HcsEvent(type, system.id, null, data));
            handles.closeSystemHandle(system);
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
    if (!handles.isOpen(system)) {
      return;
    }
    List<SystemHandle> all = new ArrayList<>(handles.all());
    all.add(system);
    for (SystemHandle handle : all) {
      handles.closeSystemHandle(handle);
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
