package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class HcsPropertiesTest {

  private static HcsProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("hcs", HcsProperties.class);
  }

  @Test
  void storageRootIsAbsoluteUnderTheDataDirByDefault() {
    HcsProperties properties = bind(Map.of("hcs.data-dir", "./data"));

    assertThat(properties.storageRoot().isAbsolute()).isTrue();
    assertThat(properties.storageRoot())
        .isEqualTo(Path.of("data", "storage").toAbsolutePath().normalize());
  }

  @Test
  void configuredStorageRootIsMadeAbsolute() {
    HcsProperties properties = bind(Map.of("hcs.storage.root", "vm-store/../vms"));

    assertThat(properties.storageRoot()).isEqualTo(Path.of("vms").toAbsolutePath());
  }
}
