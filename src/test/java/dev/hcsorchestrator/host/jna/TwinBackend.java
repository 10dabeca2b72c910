package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;

/**
 * The backend table handed to the C twin: every forwarded call is answered by one Java {@link
 * ComputeCore} (the simulated implementation), and its events are raised back into the twin, which
 * delivers them from its own native thread. The twin decides nothing itself.
 */
public final class TwinBackend {

  private static final int E_FAIL = 0x80004005;

  private final TwinLibrary twin;
  private final ComputeCore core;
  // Strongly referenced for as long as the twin may call them.
  private final TwinLibrary.BackendTable table = new TwinLibrary.BackendTable();

  public TwinBackend(TwinLibrary twin, ComputeCore core) {
    this.twin = twin;
    this.core = core;
    table.system = this::system;
    table.process = this::process;
    table.service = this::service;
  }

  private SimulatedComputeCore simulated() {
    if (core instanceof SimulatedComputeCore sim) {
      return sim;
    }
    throw new IllegalStateException("processes are answered by the simulated core only");
  }

  public void install() {
    core.setEventListener(
        event ->
            twin.TwinRaiseEvent(
                event.type(),
                event.systemId(),
                event.processId() == null ? 0 : event.processId(),
                event.eventData()));
    twin.TwinSetBackend(table);
  }

  public void uninstall() {
    twin.TwinSetBackend(null);
    core.setEventListener(null);
  }

  private static String text(Pointer p) {
    return p == null ? null : p.getWideString(0);
  }

  private interface Answer {
    void run();
  }

  private int answer(Pointer reply, Answer answer) {
    try {
      answer.run();
      return 0;
    } catch (HcsException e) {
      if (e.resultDocument() != null) {
        twin.TwinReply(reply, e.resultDocument(), 0);
      }
      return e.hresult();
    } catch (RuntimeException e) {
      return E_FAIL;
    }
  }

  private int system(int fn, Pointer idPointer, Pointer argPointer, Pointer reply) {
    String id = text(idPointer);
    String arg = text(argPointer);
    return answer(
        reply,
        () -> {
          switch (fn) {
            case TwinLibrary.FN_ENUMERATE ->
                twin.TwinReply(reply, core.enumerateComputeSystems(arg), 0);
            case TwinLibrary.FN_CREATE -> core.createComputeSystem(id, arg);
            case TwinLibrary.FN_OPEN -> core.openComputeSystem(id);
            case TwinLibrary.FN_CLOSE -> core.closeComputeSystem(id);
            case TwinLibrary.FN_START -> core.startComputeSystem(id, arg);
            case TwinLibrary.FN_SHUTDOWN -> core.shutDownComputeSystem(id, arg);
            case TwinLibrary.FN_TERMINATE -> core.terminateComputeSystem(id, arg);
            case TwinLibrary.FN_PAUSE -> core.pauseComputeSystem(id, arg);
            case TwinLibrary.FN_RESUME -> core.resumeComputeSystem(id, arg);
            case TwinLibrary.FN_SAVE -> core.saveComputeSystem(id, arg);
            case TwinLibrary.FN_GET_PROPERTIES ->
                twin.TwinReply(reply, core.getComputeSystemProperties(id, arg), 0);
            case TwinLibrary.FN_CREATE_PROCESS ->
                twin.TwinReply(reply, null, core.createProcess(id, arg));
            default -> throw new IllegalArgumentException("system function " + fn);
          }
        });
  }

  private int process(int fn, Pointer systemPointer, int pid, Pointer argPointer, Pointer reply) {
    String systemId = text(systemPointer);
    String arg = text(argPointer);
    return answer(
        reply,
        () -> {
          switch (fn) {
            // HCS checks that the process exists when a handle is opened or its info asked.
            case TwinLibrary.FN_OPEN_PROCESS, TwinLibrary.FN_GET_PROCESS_INFO ->
                simulated().processStatus(systemId, pid);
            case TwinLibrary.FN_CLOSE_PROCESS -> core.closeProcess(systemId, pid);
            case TwinLibrary.FN_TERMINATE_PROCESS -> core.terminateProcess(systemId, pid, arg);
            default -> throw new IllegalArgumentException("process function " + fn);
          }
        });
  }

  private int service(int fn, Pointer firstPointer, Pointer secondPointer, Pointer reply) {
    String first = text(firstPointer);
    String second = text(secondPointer);
    return answer(
        reply,
        () -> {
          switch (fn) {
            case TwinLibrary.FN_SERVICE_PROPERTIES ->
                twin.TwinReply(reply, core.getServiceProperties(first), 0);
            case TwinLibrary.FN_GRANT_VM_ACCESS -> core.grantVmAccess(first, second);
            case TwinLibrary.FN_REVOKE_VM_ACCESS -> core.revokeVmAccess(first, second);
            case TwinLibrary.FN_GUEST_STATE_FILE -> core.createEmptyGuestStateFile(first);
            case TwinLibrary.FN_RUNTIME_STATE_FILE -> core.createEmptyRuntimeStateFile(first);
            default -> throw new IllegalArgumentException("service function " + fn);
          }
        });
  }
}
