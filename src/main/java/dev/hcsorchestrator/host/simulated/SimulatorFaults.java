package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Injected failures, shared by the simulated DLLs: the next {@code count} calls of an operation
 * fail with an HRESULT. Operation names are those of the fault endpoint (README.md, "Simulated
 * host").
 */
public final class SimulatorFaults {

  /** Every operation a fault may be injected into. */
  public static final List<String> OPERATIONS =
      List.of(
          "Create",
          "Start",
          "Shutdown",
          "Terminate",
          "Pause",
          "Resume",
          "Save",
          "Properties",
          "Enumerate",
          "CreateProcess",
          "CreateDisk",
          "CreateEndpoint",
          "DeleteEndpoint",
          "EnumerateEndpoints",
          "DeleteNetwork",
          "Grant",
          "EnumerateNamespaces",
          "CreateNamespace",
          "ModifyNamespace",
          "DeleteNamespace",
          "LayerMountPath",
          "DetachLayer");

  private record Fault(int hresult, int remaining) {}

  private final Map<String, Fault> faults = new ConcurrentHashMap<>();

  /** The next {@code count} calls of {@code operation} fail with {@code hresult}. */
  public void inject(String operation, int hresult, int count) {
    if (!OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException(
          "unknown operation " + operation + ", expected one of " + OPERATIONS);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    if (hresult >= 0) {
      throw new IllegalArgumentException("hresult must be a failure code (negative)");
    }
    faults.put(operation, new Fault(hresult, count));
  }

  public void clear() {
    faults.clear();
  }

  /** Pending faults: operation to remaining count. */
  public Map<String, Integer> pending() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    faults.forEach((op, f) -> out.put(op, f.remaining()));
    return out;
  }

  /** Throws the injected failure if one is due for this call of {@code operation}. */
  void check(String operation, String nativeFunction) {
    if (faults.isEmpty()) {
      return;
    }
    Fault[] taken = new Fault[1];
    faults.computeIfPresent(
        operation,
        (op, f) -> {
          taken[0] = f;
          return f.remaining() > 1 ? new Fault(f.hresult(), f.remaining() - 1) : null;
        });
    if (taken[0] != null) {
      int hr = taken[0].hresult();
      throw new HcsException(
          nativeFunction,
          hr,
          "injected fault " + HResults.name(hr),
          SimulatedChecks.resultError(hr, "injected fault"));
    }
  }
}
