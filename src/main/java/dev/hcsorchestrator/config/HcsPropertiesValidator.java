package dev.hcsorchestrator.config;

import java.time.Duration;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Role;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

/**
 * The {@code hcs.*} rules that span more than one field or compare durations. Boot applies this
 * bean (by its name) to every {@code @ConfigurationProperties} object next to the Bean Validation
 * annotations; unlike an {@code @AssertTrue} method, each error names the real property and the
 * value given, e.g. {@code hcs.reconcile.resync-interval} and {@code 500ms}.
 */
@Component(HcsPropertiesValidator.BEAN_NAME)
// Boot's binding post-processor needs it early; it has no dependencies to post-process.
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class HcsPropertiesValidator implements Validator {

  /** The name under which Boot looks the validator up. */
  static final String BEAN_NAME = "configurationPropertiesValidator";

  /** The SCM's pre-shutdown wait is a DWORD of ms; longer than this holds the host's shutdown. */
  private static final Duration MAX_SHUTDOWN = Duration.ofHours(1);

  @Override
  public boolean supports(Class<?> type) {
    return HcsProperties.class.isAssignableFrom(type)
        || FleetProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    if (target instanceof FleetProperties fleet) {
      validateFleet(fleet, errors);
      return;
    }
    HcsProperties properties = (HcsProperties) target;
    HcsProperties.Reconcile reconcile = properties.reconcile();
    if (reconcile != null
        && reconcile.resyncInterval() != null
        && reconcile.resyncInterval().compareTo(Duration.ofSeconds(1)) < 0) {
      reject(
          errors, "reconcile.resync-interval", reconcile.resyncInterval(), "must be at least 1s");
    }
    HcsProperties.Backoff backoff =
        properties.restart() != null ? properties.restart().backoff() : null;
    if (backoff != null && backoff.initial() != null && backoff.max() != null) {
      if (backoff.initial().isNegative() || backoff.initial().isZero()) {
        reject(errors, "restart.backoff.initial", backoff.initial(), "must be positive");
      } else if (backoff.initial().compareTo(backoff.max()) > 0) {
        reject(
            errors,
            "restart.backoff.max",
            backoff.max(),
            "must not be below hcs.restart.backoff.initial (" + text(backoff.initial()) + ")");
      }
    }
    HcsProperties.Shutdown shutdown = properties.shutdown();
    if (shutdown != null && shutdown.timeout() != null) {
      Duration timeout = shutdown.timeout();
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_SHUTDOWN) > 0) {
        reject(errors, "shutdown.timeout", timeout, "must be between 1s and 1h");
      }
    }
  }

  private static void validateFleet(FleetProperties fleet, Errors errors) {
    Duration lease = fleet.leaseDuration();
    if (lease == null) {
      return;
    }
    if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
      reject(errors, "fleet.lease-duration", lease, "must be at least 1s");
      return;
    }
    Duration fence = fleet.effectiveFenceAfter();
    if (fence.compareTo(Duration.ofSeconds(1)) < 0) {
      reject(errors, "fleet.fence-after", fence, "must be at least 1s");
    } else if (fleet.failoverAfter() != null && fleet.failoverAfter().compareTo(fence) <= 0) {
      reject(
          errors,
          "fleet.failover-after",
          fleet.failoverAfter(),
          "must be above hcs.fleet.fence-after (" + text(fence) + ")");
    }
  }

  /** A field error under the dashed property name, with the value as a property would give it. */
  private static void reject(Errors errors, String property, Duration value, String message) {
    if (errors instanceof BindingResult result) {
      result.addError(
          new FieldError(
              errors.getObjectName(),
              property,
              text(value),
              false,
              new String[] {"hcs." + property},
              null,
              message));
    } else {
      errors.reject("hcs." + property, property + " " + message);
    }
  }

  /**
   * {@code 500ms}, {@code 30s}, {@code 1500us}: the shortest exact unit, as properties write it.
   */
  static String text(Duration value) {
    long nanos = value.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return value.toSeconds() + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return value.toMillis() + "ms";
    }
    if (nanos % 1_000L == 0) {
      return nanos / 1_000L + "us";
    }
    return nanos + "ns";
  }
}
