package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HCS operations as hcsshim runs them: one HCS_OPERATION per call, closed in {@code finally}; waits
 * bounded by {@link NativeTimeouts}; every returned string copied and freed with LocalFree;
 * ResultError parsed into {@link HcsException}.
 */
final class NativeOperations {

  private static final Logger log = LoggerFactory.getLogger(NativeOperations.class);

  private static final int E_OUTOFMEMORY = 0x8007000E;
  private static final long MAX_WAIT_MS = 0xFFFFFFFEL;
  private static final Pointer INVALID_HANDLE_VALUE = new Pointer(-1);

  private final ComputeCoreLibrary lib;
  private final Kernel kernel;
  private final NativeTimeouts timeouts;

  NativeOperations(ComputeCoreLibrary lib, Kernel kernel, NativeTimeouts timeouts) {
    this.lib = lib;
    this.kernel = kernel;
    this.timeouts = timeouts;
  }

  NativeTimeouts timeouts() {
    return timeouts;
  }

  Pointer createOperation(String name) {
    Pointer op = lib.HcsCreateOperation(null, null);
    if (op == null) {
      throw new HcsException(name, E_OUTOFMEMORY, "HcsCreateOperation returned NULL", null);
    }
    return op;
  }

  /** One operation: submit, wait at most the {@code wait} bound, return the result document. */
  String run(String name, Wait wait, ToIntFunction<Pointer> call) {
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
  Void submit(String name, ToIntFunction<Pointer> call) {
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

  void cancel(Pointer op) {
    try {
      lib.HcsCancelOperation(op);
    } catch (UnsatisfiedLinkError missing) {
      // Older computecore builds lack the export; nothing to cancel then.
    }
  }

  /** The error document of an operation whose submission failed, if the DLL left one. */
  String operationResult(Pointer op) {
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

  void check(String name, int hr) {
    if (hr < 0) {
      throw failure(name, hr, null, null);
    }
  }

  HcsException failure(String name, int hr, String document, Wait wait) {
    String message = ResultErrors.message(document);
    if (message == null
        && wait != null
        && HResults.normalize(hr) == HResults.HCS_E_OPERATION_TIMEOUT) {
      message = "no result within " + wait.property();
    }
    return new HcsException(name, hr, message, document);
  }

  /** The bounded waits, each with the property that sets it, so a timeout names its setting. */
  enum Wait {
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

  static int millis(Duration timeout) {
    return (int) Math.max(0, Math.min(timeout.toMillis(), MAX_WAIT_MS));
  }

  void closeStdio(HcsProcessInformation info) {
    for (Pointer handle : new Pointer[] {info.StdInput, info.StdOutput, info.StdError}) {
      if (handle != null && !handle.equals(INVALID_HANDLE_VALUE)) {
        kernel.CloseHandle(handle);
      }
    }
  }
}
