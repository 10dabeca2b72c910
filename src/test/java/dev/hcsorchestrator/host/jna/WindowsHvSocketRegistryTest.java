package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The GuestCommunicationServices registry on a real Windows host, as an Administrator: a
 * registration an earlier release made (planted here through the registry) is removed, and removing
 * it again is E_FILE_NOT_FOUND.
 */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsHvSocketRegistryTest {

  @Test
  void aRegistrationAnEarlierReleaseMadeIsRemoved() {
    String service = UUID.randomUUID().toString();
    String key = NativeHvSocketRegistry.KEY + "\\" + service;
    Advapi32Util.registryCreateKey(WinReg.HKEY_LOCAL_MACHINE, NativeHvSocketRegistry.KEY, service);
    Advapi32Util.registrySetStringValue(
        WinReg.HKEY_LOCAL_MACHINE, key, "ElementName", "hcs-orchestrator contract test");
    try (NativeHvSocketRegistry registry = new NativeHvSocketRegistry(Duration.ofSeconds(30))) {
      registry.unregister(service);

      assertThat(Advapi32Util.registryKeyExists(WinReg.HKEY_LOCAL_MACHINE, key)).isFalse();
      assertThatThrownBy(() -> registry.unregister(service))
          .isInstanceOfSatisfying(
              HcsException.class,
              e -> assertThat(e.hresult()).isEqualTo(HResults.E_FILE_NOT_FOUND));
    }
  }
}
