package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * The operator file config/application.yml: as shipped it sets nothing; with every setting
 * uncommented it is valid and binds to {@link HcsProperties} as documented.
 */
class OperatorConfigFileTest {

  private static final Path FILE = Path.of("config", "application.yml");

  private static List<PropertySource<?>> load(String yaml) throws Exception {
    return new YamlPropertySourceLoader()
        .load("operator", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void asShippedTheFileSetsNothing() throws Exception {
    assertThat(load(Files.readString(FILE))).allSatisfy(s -> assertThat(s.getSource()).isNull());
  }

  @Test
  void withEverySettingUncommentedTheFileBindsAndValidates() throws Exception {
    String uncommented =
        Files.readAllLines(FILE).stream()
            .filter(line -> !line.startsWith("##"))
            .map(line -> line.startsWith("#") ? line.substring(1) : line)
            .collect(Collectors.joining("\n"));
    StandardEnvironment environment = new StandardEnvironment();
    load(uncommented).forEach(environment.getPropertySources()::addFirst);
    try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
      validator.afterPropertiesSet();
      BindResult<HcsProperties> bound =
          new Binder(ConfigurationPropertySources.get(environment))
              .bind("hcs", Bindable.of(HcsProperties.class), new ValidationBindHandler(validator));

      HcsProperties hcs = bound.get();
      assertThat(hcs.dataDir().normalize()).isEqualTo(Path.of("data"));
      assertThat(hcs.host().mode()).isEqualTo("auto");
      assertThat(hcs.reconcile().resyncInterval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(hcs.reconcile().workers()).isEqualTo(4);
      assertThat(hcs.restart().backoff().resetAfter()).isEqualTo(Duration.ofMinutes(10));
      assertThat(hcs.storage().imageRoots()).hasSize(2);
      assertThat(hcs.shutdown().timeout()).isEqualTo(Duration.ofMinutes(10));
      assertThat(environment.getProperty("logging.structured.format.file")).isEqualTo("ecs");
      assertThat(environment.getProperty("logging.logback.rollingpolicy.max-history"))
          .isEqualTo("14");
      assertThat(hcs.security().tokens())
          .extracting(HcsProperties.Token::role)
          .containsExactly(HcsProperties.Role.operator, HcsProperties.Role.viewer);
      assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");

      NativeHostProperties nativeHost =
          new Binder(ConfigurationPropertySources.get(environment))
              .bind(
                  "hcs.host.native",
                  Bindable.of(NativeHostProperties.class),
                  new ValidationBindHandler(validator))
              .get();
      assertThat(nativeHost.library()).isEqualTo("computecore");
      assertThat(nativeHost.timeouts().start()).isEqualTo(Duration.ofMinutes(4));
      assertThat(nativeHost.timeouts().stopAcknowledge()).isEqualTo(Duration.ofSeconds(5));
    }
  }
}
