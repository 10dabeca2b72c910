package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.jna.TwinNetworkLibrary;
import dev.hcsorchestrator.host.jna.TwinStorageLibrary;
import dev.hcsorchestrator.host.jna.TwinVirtDiskLibrary;
import dev.hcsorchestrator.reconcile.NativeFaultMatrixTest.Fault;

/**
 * The table of {@link NativeDependentFaultMatrixTest}: what each DLL answers for a fault class of
 * {@link NativeFaultMatrixTest}, and the operations a VM with a differencing disk and a NIC, and a
 * networked container, need beside computecore.
 */
final class DependentFaults {

  private DependentFaults() {}

  static final int HRESULT_FROM_WIN32 = 0x80070000;

  enum Dll {
    COMPUTECORE,
    COMPUTENETWORK,
    COMPUTESTORAGE,
    VIRTDISK
  }

  /** What a DLL answers for a fault class: the code handed back and its name in messages. */
  record Code(int value, String name, String outcome) {}

  static Code code(Dll dll, Fault fault) {
    return switch (dll) {
      // computestorage answers the HCS codes, as computecore does
      case COMPUTECORE, COMPUTESTORAGE -> new Code(fault.hresult, fault.name, fault.outcome);
      case COMPUTENETWORK ->
          switch (fault) {
            // HRESULT_FROM_WIN32(ERROR_TIMEOUT): "This operation returned because the timeout
            // period expired."
            case TIMEOUT -> win32Hresult(1460, "unavailable");
            // HRESULT_FROM_WIN32(RPC_S_CALL_FAILED): HNS is an RPC service; the call was lost
            case SERVICE_DISCONNECT -> win32Hresult(1726, "unavailable");
            // HCN_E_MANAGER_STOPPED (0x803B0020): "The network manager has stopped"
            case UNAVAILABLE ->
                new Code(HResults.HCN_E_MANAGER_STOPPED, "HCN_E_MANAGER_STOPPED", "unavailable");
            // HCN_E_INVALID_JSON (0x803B001B): "The provided JSON document is invalid"
            case INVALID_DOCUMENT ->
                new Code(HResults.HCN_E_INVALID_JSON, "HCN_E_INVALID_JSON", "rejected");
            case ACCESS_DENIED -> new Code(HResults.E_ACCESSDENIED, "E_ACCESSDENIED", "rejected");
          };
      case VIRTDISK ->
          switch (fault) {
            // ERROR_SEM_TIMEOUT (121): the disk's storage did not answer in time
            case TIMEOUT -> win32(121, "unavailable");
            // ERROR_NETNAME_DELETED (64): the share holding the disk went away
            case SERVICE_DISCONNECT -> win32(64, "unavailable");
            // ERROR_SHARING_VIOLATION (32): the file is held open by another process
            case UNAVAILABLE -> win32(32, "unavailable");
            // ERROR_INVALID_PARAMETER (87): virtdisk refuses the parameters it was given
            case INVALID_DOCUMENT -> new Code(87, "E_INVALIDARG", "rejected");
            // ERROR_ACCESS_DENIED (5)
            case ACCESS_DENIED -> new Code(5, "E_ACCESSDENIED", "rejected");
          };
    };
  }

  static Code win32Hresult(int error, String outcome) {
    int hr = HRESULT_FROM_WIN32 | error;
    return new Code(hr, HResults.name(hr), outcome);
  }

  /** A Win32 code as virtdisk returns it, named as the adapter shows it (HRESULT_FROM_WIN32). */
  static Code win32(int error, String outcome) {
    return new Code(error, HResults.name(HRESULT_FROM_WIN32 | error), outcome);
  }

  /**
   * A call a VM or a container needs: the twin and its function code, the host layer's operation
   * name (tag of {@code hcs.host.operation.duration}), the kind that makes it, and the phase the
   * definition stays in while it fails on every try.
   */
  enum Operation {
    DIFFERENCING_DISK(
        Dll.VIRTDISK,
        TwinVirtDiskLibrary.VD_CREATE_DIFFERENCING,
        "ensure_disk",
        Kind.VirtualMachine,
        Phase.Provisioning),
    VM_ENDPOINT(
        Dll.COMPUTENETWORK,
        TwinNetworkLibrary.ENDPOINT + TwinNetworkLibrary.CREATE,
        "ensure_endpoint",
        Kind.VirtualMachine,
        Phase.Provisioning),
    NAMESPACE(
        Dll.COMPUTENETWORK,
        TwinNetworkLibrary.NAMESPACE + TwinNetworkLibrary.CREATE,
        "ensure_namespace",
        Kind.Container,
        Phase.Provisioning),
    NAMESPACE_ENDPOINT(
        Dll.COMPUTENETWORK,
        TwinNetworkLibrary.NAMESPACE + TwinNetworkLibrary.MODIFY,
        "add_namespace_endpoint",
        Kind.Container,
        Phase.Provisioning),
    SCRATCH_ATTACH(
        Dll.VIRTDISK,
        TwinVirtDiskLibrary.VD_ATTACH,
        "mount_scratch",
        Kind.Container,
        Phase.Provisioning),
    SCRATCH_INITIALIZE(
        Dll.COMPUTESTORAGE,
        TwinStorageLibrary.INITIALIZE,
        "mount_scratch",
        Kind.Container,
        Phase.Provisioning),
    LAYER_FILTER(
        Dll.COMPUTESTORAGE,
        TwinStorageLibrary.FILTER_ATTACH,
        "mount_scratch",
        Kind.Container,
        Phase.Provisioning),
    CREATE_PROCESS(
        Dll.COMPUTECORE,
        TwinLibrary.FN_CREATE_PROCESS,
        "create_process",
        Kind.Container,
        Phase.Starting);

    final Dll dll;
    final int fn;
    final String hostOperation;
    final Kind kind;
    final Phase stuck;

    Operation(Dll dll, int fn, String hostOperation, Kind kind, Phase stuck) {
      this.dll = dll;
      this.fn = fn;
      this.hostOperation = hostOperation;
      this.kind = kind;
      this.stuck = stuck;
    }
  }
}
