package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import dev.hcsorchestrator.host.jna.NativeHandles.ProcessHandle;
import dev.hcsorchestrator.host.jna.NativeHandles.SystemHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HCS_EVENT_CALLBACK of the process, strongly referenced for its whole life (JNA would
 * otherwise free the native stub under HCS), and the registry mapping the numeric context each
 * handle was registered with to its owner. A live Java object is never passed to native code.
 */
final class EventRouter {

  static final EventRouter INSTANCE = new EventRouter();

  private static final Logger log = LoggerFactory.getLogger(EventRouter.class);

  private record Target(NativeComputeCore owner, SystemHandle system, ProcessHandle process) {}

  private final Map<Long, Target> targets = new ConcurrentHashMap<>();
  private final AtomicLong nextContext = new AtomicLong(1);
  private final ComputeCoreLibrary.EventCallback callback = this::onEvent;

  private EventRouter() {}

  ComputeCoreLibrary.EventCallback callback() {
    return callback;
  }

  long register(NativeComputeCore owner, SystemHandle system, ProcessHandle process) {
    long context = nextContext.getAndIncrement();
    targets.put(context, new Target(owner, system, process));
    return context;
  }

  void unregister(long context) {
    targets.remove(context);
  }

  /** Runs on an HCS thread: copy what the event says, hand it off, return. */
  private void onEvent(Pointer event, Pointer context) {
    try {
      Target target = targets.get(Pointer.nativeValue(context));
      if (target == null || event == null) {
        return; // a handle closed meanwhile, or not ours
      }
      HcsEventStructure read = new HcsEventStructure(event);
      target.owner().onNativeEvent(target.system(), target.process(), read.Type, read.eventData());
    } catch (Throwable e) {
      // Nothing may escape into native code.
      log.error("HCS event callback failed", e);
    }
  }
}
