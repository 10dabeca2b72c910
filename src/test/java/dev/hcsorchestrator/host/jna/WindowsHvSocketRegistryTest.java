package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The GuestCommunicationServices registry on a real Windows host, as an Administrator. */
@Tag("windows-hcs")
@EnabledOnOs(OS.WINDOWS)
class WindowsHvSocketRegistryTest {

  @Test
  void aRegistrationIsListedUntilItIsRemoved() {
    String service = UUID.randomUUID().toString();
    try (NativeHvSocketRegistry registry = new NativeHvSocketRegistry(Duration.ofSeconds(30))) {
      registry.register(service, "hcs-orchestrator contract test");
      assertThat(registry.registrations()).containsEntry(service, "hcs-orchestrator contract test");

      registry.unregister(service);

      assertThat(registry.registrations()).doesNotContainKey(service);
      assertThatThrownBy(() -> registry.unregister(service))
          .isInstanceOfSatisfying(
              HcsException.class,
              e -> assertThat(e.hresult()).isEqualTo(HResults.E_FILE_NOT_FOUND));
    }
  }
}
