package dev.hcsorchestrator.service.jna;

import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.Winsvc;
import dev.hcsorchestrator.host.jna.CStruct;

/**
 * The {@code ChangeServiceConfig2} information structures of winsvc.h that jna-platform 5.19.1 does
 * not declare, with winsvc.h's names and layouts.
 */
final class ServiceConfig2 {

  private ServiceConfig2() {}

  /** {@code SERVICE_CONFIG_DELAYED_AUTO_START_INFO}: BOOL fDelayedAutostart. */
  @CStruct("SERVICE_DELAYED_AUTO_START_INFO")
  @FieldOrder({"fDelayedAutostart"})
  public static class SERVICE_DELAYED_AUTO_START_INFO extends Winsvc.ChangeServiceConfig2Info {
    public int fDelayedAutostart;
  }

  /** {@code SERVICE_CONFIG_PRESHUTDOWN_INFO}: DWORD dwPreshutdownTimeout (ms). */
  @CStruct("SERVICE_PRESHUTDOWN_INFO")
  @FieldOrder({"dwPreshutdownTimeout"})
  public static class SERVICE_PRESHUTDOWN_INFO extends Winsvc.ChangeServiceConfig2Info {
    public int dwPreshutdownTimeout;
  }
}
