package dev.hcsorchestrator.host;

import java.util.Locale;

/**
 * Resolves {@code hcs.host.mode}: {@code auto} is native on Windows when computecore.dll loads and
 * HcsGetServiceProperties answers, and simulated elsewhere.
 */
public final class HostMode {

  public static final String SIMULATED = "simulated";
  public static final String NATIVE = "native";

  private HostMode() {}

  /** "simulated" or "native" for a configured mode (null means auto). */
  public static String resolve(String configured) {
    String mode = configured == null ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
    if (mode.equals("auto")) {
      // JNA is touched only on Windows; there the service must answer, else simulated.
      return onWindows() && NativeProbe.answers() ? NATIVE : SIMULATED;
    }
    return mode.equals(NATIVE) ? NATIVE : SIMULATED;
  }

  public static boolean isSimulated(String configured) {
    return SIMULATED.equals(resolve(configured));
  }

  static boolean onWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
