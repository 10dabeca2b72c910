package dev.hcsorchestrator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hcs.host.native.*}: the native host (used when {@code hcs.host.mode} is {@code native}, or
 * {@code auto} on Windows).
 *
 * @param library the computecore library to load: {@code computecore} (the DLL) or a path
 * @param timeouts bounds of the waits on HCS operations; hcsshim's defaults
 */
@Validated
@ConfigurationProperties("hcs.host.native")
public record NativeHostProperties(
    @NotBlank @DefaultValue("computecore") String library,
    @Valid @NotNull @DefaultValue Timeouts timeouts) {

  /**
   * @param stopAcknowledge how long shutdown and terminate wait for an early failure before
   *     returning (their completion is the exit event)
   * @param other properties, modify, enumerate and process operations
   */
  public record Timeouts(
      @NotNull @DefaultValue("4m") Duration create,
      @NotNull @DefaultValue("4m") Duration start,
      @NotNull @DefaultValue("4m") Duration pause,
      @NotNull @DefaultValue("4m") Duration resume,
      @NotNull @DefaultValue("4m") Duration save,
      @NotNull @DefaultValue("5s") Duration stopAcknowledge,
      @NotNull @DefaultValue("4m") Duration other,
      @NotNull @DefaultValue("4m") Duration disk) {

    @AssertTrue(message = "every timeout must be positive")
    boolean isPositive() {
      return Stream.of(create, start, pause, resume, save, stopAcknowledge, other, disk)
          .allMatch(d -> d != null && !d.isNegative() && !d.isZero());
    }
  }
}
