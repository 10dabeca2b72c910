package dev.hcsorchestrator.service.jna;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import dev.hcsorchestrator.service.ServiceCommand;
import dev.hcsorchestrator.service.ServiceCommand.StartType;
import dev.hcsorchestrator.service.ServiceControls;
import dev.hcsorchestrator.service.ServiceRun;
import dev.hcsorchestrator.service.WindowsServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WindowsServices} over jna-platform's {@code Advapi32}, {@code W32ServiceManager} and
 * {@code W32Service}: thin calls, every handle closed by its {@code close()}. The SCM calls are
 * bounded by the waits the caller gives ({@code start}, {@code stop}); the others answer at once.
 */
public final class ScmServices implements WindowsServices {

  private static final Logger LOG = LoggerFactory.getLogger(ScmServices.class);
  private static final Advapi32 ADVAPI = Advapi32.INSTANCE;
  private static final String DESCRIPTION =
      "Keeps declared Hyper-V VMs and Windows containers in their desired state (HCS Orchestrator)";

  @Override
  public void install(String name, ServiceCommand.Install o, String binaryPath) {
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_ALL_ACCESS)) {
      Winsvc.SC_HANDLE handle =
          ADVAPI.CreateService(
              scm.getHandle(),
              name,
              o.displayName(),
              Winsvc.SERVICE_ALL_ACCESS,
              WinNT.SERVICE_WIN32_OWN_PROCESS,
              o.startType() == StartType.manual
                  ? WinNT.SERVICE_DEMAND_START
                  : WinNT.SERVICE_AUTO_START,
              WinNT.SERVICE_ERROR_NORMAL,
              binaryPath,
              null,
              null,
              dependencies(o.dependsOn()),
              o.account(),
              o.password());
      if (handle == null) {
        throw failure("CreateService " + name, new Win32Exception(lastError()));
      }
      try (W32Service service = new W32Service(handle)) {
        configure(service, o);
      } catch (RuntimeException e) {
        delete(name); // no half-configured service stays behind
        throw e;
      }
      EventLogSource.register(name);
    } catch (Win32Exception e) {
      throw failure("install " + name, e);
    }
  }

  private static void configure(W32Service service, ServiceCommand.Install o) {
    Winsvc.SC_HANDLE handle = service.getHandle();
    Winsvc.SERVICE_DESCRIPTION description = new Winsvc.SERVICE_DESCRIPTION();
    description.lpDescription = DESCRIPTION;
    change(handle, Winsvc.SERVICE_CONFIG_DESCRIPTION, description);
    if (o.startType() == StartType.delayed_auto) {
      ServiceConfig2.SERVICE_DELAYED_AUTO_START_INFO delayed =
          new ServiceConfig2.SERVICE_DELAYED_AUTO_START_INFO();
      delayed.fDelayedAutostart = 1;
      change(handle, Winsvc.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, delayed);
    }
    ServiceConfig2.SERVICE_PRESHUTDOWN_INFO preshutdown =
        new ServiceConfig2.SERVICE_PRESHUTDOWN_INFO();
    preshutdown.dwPreshutdownTimeout =
        ServiceControls.preshutdownTimeoutMillis(o.shutdownTimeout());
    change(handle, Winsvc.SERVICE_CONFIG_PRESHUTDOWN_INFO, preshutdown);
    if (o.restartAttempts() > 0) {
      List<Winsvc.SC_ACTION> actions = new ArrayList<>();
      for (int i = 0; i < o.restartAttempts(); i++) {
        Winsvc.SC_ACTION restart = new Winsvc.SC_ACTION();
        restart.type = Winsvc.SC_ACTION_RESTART;
        restart.delay = (int) Math.min(Integer.MAX_VALUE, o.restartDelay().toMillis());
        actions.add(restart);
      }
      service.setFailureActions(
          actions,
          (int) Math.min(Integer.MAX_VALUE, o.resetFailuresAfter().toSeconds()),
          null,
          null);
      // also when the service stops itself with an error (a failed start), not only on a crash
      service.setFailureActionsFlag(true);
    }
  }

  private static void change(
      Winsvc.SC_HANDLE handle, int level, Winsvc.ChangeServiceConfig2Info info) {
    if (!ADVAPI.ChangeServiceConfig2(handle, level, info)) {
      throw new Win32Exception(lastError());
    }
  }

  /** winsvc's lpDependencies: names separated and ended by NUL, the list by a second NUL. */
  static String dependencies(List<String> names) {
    return names.isEmpty() ? null : String.join("\0", names) + "\0";
  }

  @Override
  public void uninstall(String name, Duration stopWait) {
    ServiceState state = status(name);
    if (state == null) {
      throw new Failure("No service named " + name + " is installed", null);
    }
    if (state.state() != ServiceControls.STOPPED) {
      stop(name, stopWait);
    }
    delete(name);
    EventLogSource.unregister(name);
  }

  private static void delete(String name) {
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT);
        W32Service service = scm.openService(name, WinNT.DELETE)) {
      if (!ADVAPI.DeleteService(service.getHandle())) {
        throw new Win32Exception(lastError());
      }
    } catch (Win32Exception e) {
      throw failure("DeleteService " + name, e);
    }
  }

  @Override
  public ServiceState start(String name) {
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT);
        W32Service service =
            scm.openService(name, Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS)) {
      service.startService(); // waits while START_PENDING, as the service's wait hints say
      return state(service.queryStatus());
    } catch (Win32Exception e) {
      throw failure("StartService " + name, e);
    }
  }

  @Override
  public ServiceState stop(String name, Duration wait) {
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT);
        W32Service service =
            scm.openService(name, Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS)) {
      if (service.queryStatus().dwCurrentState != ServiceControls.STOPPED) {
        service.stopService(wait.toMillis());
      }
      return state(service.queryStatus());
    } catch (Win32Exception e) {
      throw failure("ControlService STOP " + name, e);
    }
  }

  @Override
  public ServiceState status(String name) {
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT);
        W32Service service = scm.openService(name, Winsvc.SERVICE_QUERY_STATUS)) {
      return state(service.queryStatus());
    } catch (Win32Exception e) {
      if (e.getErrorCode() == WinError.ERROR_SERVICE_DOES_NOT_EXIST) {
        return null;
      }
      throw failure("QueryServiceStatusEx " + name, e);
    }
  }

  private static ServiceState state(Winsvc.SERVICE_STATUS_PROCESS s) {
    return new ServiceState(s.dwCurrentState, s.dwProcessId);
  }

  @Override
  public void dispatch(String name, ServiceRun run) {
    ControlDispatcher dispatcher = new ControlDispatcher(name, run);
    try {
      dispatcher.run();
    } catch (Win32Exception e) {
      if (e.getErrorCode() == WinError.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT) {
        throw new Failure(
            "'service run' is the command line of the installed service and works only when the"
                + " Service Control Manager starts it; use 'service start' instead",
            e);
      }
      throw failure("StartServiceCtrlDispatcher " + name, e);
    }
  }

  @Override
  public void requestPreshutdownTimeout(String name, int millis) {
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT);
        W32Service service = scm.openService(name, Winsvc.SERVICE_CHANGE_CONFIG)) {
      ServiceConfig2.SERVICE_PRESHUTDOWN_INFO info = new ServiceConfig2.SERVICE_PRESHUTDOWN_INFO();
      info.dwPreshutdownTimeout = millis;
      change(service.getHandle(), Winsvc.SERVICE_CONFIG_PRESHUTDOWN_INFO, info);
    } catch (Win32Exception e) {
      LOG.warn(
          "Could not set the pre-shutdown timeout of {} to {} ms ({}); the installed one stays",
          name,
          millis,
          e.getMessage());
    }
  }

  @Override
  public void logToEventLog(String source) {
    EventLogAppender.attach(source);
  }

  static int lastError() {
    return com.sun.jna.Native.getLastError();
  }

  private static Failure failure(String call, Win32Exception e) {
    String text = e.getMessage() == null ? "" : e.getMessage().trim();
    String hint =
        e.getErrorCode() == WinError.ERROR_ACCESS_DENIED
            ? " (run it from an elevated prompt: as Administrator)"
            : "";
    return new Failure(call + ": " + text + " (" + e.getErrorCode() + ")" + hint, e);
  }
}
