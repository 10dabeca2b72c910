package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.validation.FieldError;

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

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(HcsProperties.class)
  @Import(HcsPropertiesValidator.class)
  static class Bound {}

  /** "Property: <name>" and "Value: <value>" of Boot's start failure, one line per error. */
  private static List<String> startFailures(String... properties) {
    List<String> out = new java.util.ArrayList<>();
    new ApplicationContextRunner()
        .withUserConfiguration(Bound.class)
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable t = context.getStartupFailure();
              while (t != null && !(t instanceof BindValidationException)) {
                t = t.getCause();
              }
              assertThat(t).isNotNull();
              ((BindValidationException) t)
                  .getValidationErrors()
                  .getAllErrors()
                  .forEach(
                      e -> {
                        FieldError f = (FieldError) e;
                        out.add(
                            f.getObjectName()
                                + "."
                                + f.getField()
                                + " = "
                                + f.getRejectedValue()
                                + ": "
                                + f.getDefaultMessage());
                      });
            });
    return out;
  }

  @Test
  void tooShortResyncIntervalNamesThePropertyAndTheValueGiven() {
    assertThat(startFailures("hcs.reconcile.resync-interval=500ms"))
        .containsExactly("hcs.reconcile.resync-interval = 500ms: must be at least 1s");
  }

  @Test
  void backoffErrorsNameTheBackoffPropertyAndItsValue() {
    assertThat(startFailures("hcs.restart.backoff.initial=0s"))
        .containsExactly("hcs.restart.backoff.initial = 0s: must be positive");
    assertThat(startFailures("hcs.restart.backoff.initial=2m", "hcs.restart.backoff.max=90s"))
        .containsExactly(
            "hcs.restart.backoff.max = 90s: must not be below hcs.restart.backoff.initial (120s)");
  }

  @Test
  void shutdownTimeoutDefaultsToTenMinutesAndIsBounded() {
    assertThat(bind(Map.of()).shutdown().timeout()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(startFailures("hcs.shutdown.timeout=500ms"))
        .containsExactly("hcs.shutdown.timeout = 500ms: must be between 1s and 1h");
    assertThat(startFailures("hcs.shutdown.timeout=2h"))
        .containsExactly("hcs.shutdown.timeout = 7200s: must be between 1s and 1h");
  }

  @Test
  void maxConcurrentStartsDefaultsToFourAndIsBounded() {
    assertThat(bind(Map.of()).reconcile().maxConcurrentStarts()).isEqualTo(4);
    assertThat(startFailures("hcs.reconcile.max-concurrent-starts=0"))
        .containsExactly("hcs.reconcile.maxConcurrentStarts = 0: must be between 1 and 64");
    assertThat(startFailures("hcs.reconcile.max-concurrent-starts=65"))
        .containsExactly("hcs.reconcile.maxConcurrentStarts = 65: must be between 1 and 64");
  }

  @Test
  void validDurationsStart() {
    new ApplicationContextRunner()
        .withUserConfiguration(Bound.class)
        .withPropertyValues("hcs.reconcile.resync-interval=1s", "hcs.restart.backoff.initial=60s")
        .run(context -> assertThat(context).hasNotFailed());
  }
}
