package dev.hcsorchestrator.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hcs.fleet.*}: this host's name, labels and capacity in the fleet, and the lease timings
 * (docs/fleet.md). The cross-field rules (failover-after above fence-after) are in {@link
 * HcsPropertiesValidator}.
 *
 * @param hostName null means the computer name, lower-cased
 * @param fenceAfter null means the lease duration
 */
@Validated
@ConfigurationProperties("hcs.fleet")
public record FleetProperties(
    @Pattern(
            regexp = FleetProperties.HOST_NAME,
            message = "must match " + FleetProperties.HOST_NAME)
        String hostName,
    @NotNull @Size(max = 64, message = "at most 64 labels") @DefaultValue
        Map<
                @Pattern(
                    regexp = "^[a-zA-Z0-9._/-]{1,63}$",
                    message = "key must match ^[a-zA-Z0-9._/-]{1,63}$")
                String,
                @NotNull @Size(max = 256, message = "value must be at most 256 characters") String>
            labels,
    @Valid @NotNull @DefaultValue Capacity capacity,
    @NotNull @DefaultValue("15s") Duration leaseDuration,
    Duration fenceAfter,
    @NotNull @DefaultValue("30s") Duration failoverAfter) {

  /** API.md's host name rule. */
  public static final String HOST_NAME = "^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$";

  /** What may be assigned to this host; null: what the host reports. */
  public record Capacity(@Positive Integer processors, @Min(32) Long memoryMb) {}

  /** This host's name: the configured one, else the computer name lower-cased. */
  public String resolvedHostName() {
    if (hostName != null) {
      return hostName;
    }
    String computer = System.getenv("COMPUTERNAME");
    if (computer == null || computer.isBlank()) {
      try {
        computer = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        computer = "localhost";
      }
    }
    return fromComputerName(computer);
  }

  /**
   * A computer name as a fleet host name: lower-cased, every character the name rule does not allow
   * (an underscore, say) as a dash, trimmed to 63 characters without a leading or trailing dash or
   * dot, so that no machine's name keeps the service from starting.
   */
  static String fromComputerName(String computer) {
    String name = computer.toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9.]", "-");
    if (name.length() > 63) {
      name = name.substring(0, 63);
    }
    name = name.replaceAll("^[-.]+|[-.]+$", "");
    return name.isEmpty() ? "localhost" : name;
  }

  /** {@code hcs.fleet.fence-after}, defaulting to the lease duration. */
  public Duration effectiveFenceAfter() {
    return fenceAfter != null ? fenceAfter : leaseDuration;
  }
}
