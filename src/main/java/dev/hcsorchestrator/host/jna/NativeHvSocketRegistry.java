package dev.hcsorchestrator.host.jna;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@link HvSocketRegistry} on the Windows registry through jna-platform's {@link Advapi32Util}: one
 * {@code GuestCommunicationServices\<service GUID>} subkey with its {@code ElementName} per
 * service. Not needed for a VM made through HCS to accept or make connections (its document's
 * HvSocket service table grants that, see docs/windows.md); it makes the service known to Hyper-V's
 * management (WMI). Calls are bounded by the {@code other} timeout; registry errors become
 * HRESULT_FROM_WIN32.
 */
public final class NativeHvSocketRegistry implements HvSocketRegistry, AutoCloseable {

  static final String KEY =
      "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization\\GuestCommunicationServices";
  private static final Pattern GUID =
      Pattern.compile("[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}");

  private final BoundedCalls calls;

  public NativeHvSocketRegistry(Duration timeout) {
    this.calls = new BoundedCalls("hvsocket-registry", "other", timeout);
  }

  @Override
  public void unregister(String serviceId) {
    String key = subkey("RegDeleteKey", serviceId);
    calls.run(
        "RegDeleteKey",
        () ->
            registry(
                "RegDeleteKey",
                () -> {
                  if (!Advapi32Util.registryKeyExists(
                      WinReg.HKEY_LOCAL_MACHINE, KEY + "\\" + key)) {
                    throw new HcsException(
                        "RegDeleteKey", HResults.E_FILE_NOT_FOUND, "no registration " + key, null);
                  }
                  Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, KEY, key);
                  return null;
                }));
  }

  @Override
  public void close() {
    calls.close();
  }

  private static String subkey(String function, String serviceId) {
    if (serviceId == null || !GUID.matcher(serviceId).matches()) {
      throw new HcsException(function, HResults.E_INVALIDARG, "not a GUID: " + serviceId, null);
    }
    return serviceId;
  }

  private static <T> T registry(String function, Supplier<T> body) {
    try {
      return body.get();
    } catch (Win32Exception e) {
      throw new HcsException(function, HResults.fromWin32(e.getErrorCode()), e.getMessage(), null);
    }
  }
}
