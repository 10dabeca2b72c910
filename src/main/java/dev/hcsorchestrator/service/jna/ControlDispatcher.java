package dev.hcsorchestrator.service.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import dev.hcsorchestrator.service.ServiceRun;
import dev.hcsorchestrator.service.ServiceStatus;

/**
 * This process as the SCM's service: {@code StartServiceCtrlDispatcher} with one table entry whose
 * {@code ServiceMain} registers the control handler ({@code RegisterServiceCtrlHandlerEx}) and
 * hands over to {@link ServiceRun}; statuses go to {@code SetServiceStatus}. The callbacks are
 * fields, so they live as long as the dispatcher may call them.
 */
final class ControlDispatcher {

  private static final Advapi32 ADVAPI = Advapi32.INSTANCE;

  private final String name;
  private final ServiceRun run;
  private volatile Winsvc.SERVICE_STATUS_HANDLE statusHandle;

  private final Winsvc.HandlerEx handler =
      (int control, int eventType, Pointer eventData, Pointer context) -> control(control);

  private final Winsvc.SERVICE_MAIN_FUNCTION serviceMain =
      (int argc, Pointer argv) -> serviceMain();

  ControlDispatcher(String name, ServiceRun run) {
    this.name = name;
    this.run = run;
  }

  /** Blocks until the service reported STOPPED. */
  void run() {
    Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
    // the table ends with an all-null entry: toArray allocates both contiguously
    Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
    table[0].lpServiceName = name;
    table[0].lpServiceProc = serviceMain;
    if (!ADVAPI.StartServiceCtrlDispatcher(table)) {
      throw new Win32Exception(ScmServices.lastError());
    }
  }

  private void serviceMain() {
    statusHandle = ADVAPI.RegisterServiceCtrlHandlerEx(name, handler, null);
    if (statusHandle == null) {
      throw new Win32Exception(ScmServices.lastError());
    }
    run.main(this::report);
  }

  private int control(int control) {
    return run.control(control);
  }

  private void report(ServiceStatus s) {
    Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
    status.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = s.state();
    status.dwControlsAccepted = s.controlsAccepted();
    status.dwWin32ExitCode = s.win32ExitCode();
    status.dwServiceSpecificExitCode = s.serviceSpecificExitCode();
    status.dwCheckPoint = s.checkPoint();
    status.dwWaitHint = s.waitHintMillis();
    if (!ADVAPI.SetServiceStatus(statusHandle, status)) {
      throw new Win32Exception(ScmServices.lastError());
    }
  }
}
