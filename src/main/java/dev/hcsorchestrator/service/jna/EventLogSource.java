package dev.hcsorchestrator.service.jna;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;

/**
 * The service's own source in the Application event log: a registry key naming the message file.
 * .NET's EventLogMessages.dll maps every event id to the text {@code %1}, so the entries read as
 * the message itself without a message DLL of our own.
 */
final class EventLogSource {

  static final String APPLICATION_LOG =
      "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application";
  static final String MESSAGE_FILE =
      "%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll";
  private static final int TYPES_SUPPORTED = 0x7; // error, warning, information

  private EventLogSource() {}

  static void register(String source) {
    String key = APPLICATION_LOG + "\\" + source;
    Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, key);
    Advapi32Util.registrySetExpandableStringValue(
        WinReg.HKEY_LOCAL_MACHINE, key, "EventMessageFile", MESSAGE_FILE);
    Advapi32Util.registrySetIntValue(
        WinReg.HKEY_LOCAL_MACHINE, key, "TypesSupported", TYPES_SUPPORTED);
  }

  static void unregister(String source) {
    String key = APPLICATION_LOG + "\\" + source;
    if (Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)) {
      Advapi32Util.registryDeleteKey(WinReg.HKEY_LOCAL_MACHINE, key);
    }
  }
}
