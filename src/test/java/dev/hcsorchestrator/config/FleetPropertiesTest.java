package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class FleetPropertiesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(FleetProperties.class)
  @Import(HcsPropertiesValidator.class)
  static class Bound {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Bound.class);

  @Test
  void defaultsAreTheDocumentedOnes() {
    runner
        .withPropertyValues("hcs.fleet.host-name=hv-01")
        .run(
            context -> {
              FleetProperties p = context.getBean(FleetProperties.class);
              assertThat(p.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
              assertThat(p.effectiveFenceAfter()).isEqualTo(Duration.ofSeconds(15));
              assertThat(p.failoverAfter()).isEqualTo(Duration.ofSeconds(30));
              assertThat(p.resolvedHostName()).isEqualTo("hv-01");
              assertThat(p.labels()).isEmpty();
            });
  }

  @Test
  void anyComputerNameBecomesAValidHostName() {
    assertThat(FleetProperties.fromComputerName("HV-01")).isEqualTo("hv-01");
    assertThat(FleetProperties.fromComputerName("My_Laptop")).isEqualTo("my-laptop");
    assertThat(FleetProperties.fromComputerName("_build.")).isEqualTo("build");
    assertThat(FleetProperties.fromComputerName("___")).isEqualTo("localhost");
    assertThat(FleetProperties.fromComputerName("a".repeat(70) + "_"))
        .isEqualTo("a".repeat(63))
        .matches(FleetProperties.HOST_NAME);
  }

  @Test
  void failoverAfterMustBeAboveFenceAfter() {
    runner
        .withPropertyValues("hcs.fleet.host-name=hv-01", "hcs.fleet.failover-after=15s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("failover-after");
            });
    runner
        .withPropertyValues(
            "hcs.fleet.host-name=hv-01",
            "hcs.fleet.fence-after=40s",
            "hcs.fleet.failover-after=30s")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues(
            "hcs.fleet.host-name=hv-01",
            "hcs.fleet.fence-after=10s",
            "hcs.fleet.failover-after=11s")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aHostNameOutsideThePatternStopsTheStart() {
    runner
        .withPropertyValues("hcs.fleet.host-name=HV_01")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("hcs.fleet.host-name=hv-01", "hcs.fleet.labels.rack=a")
        .run(
            context ->
                assertThat(context.getBean(FleetProperties.class).labels())
                    .containsEntry("rack", "a"));
  }
}
