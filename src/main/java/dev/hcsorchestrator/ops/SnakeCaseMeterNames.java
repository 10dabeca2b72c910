package dev.hcsorchestrator.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Every meter name in snake case, as Prometheus wants it ({@code promtool check metrics}): Spring
 * Security names a filter chain's event counters after the filter class, so our {@code
 * BearerTokenFilter} would export {@code spring_security_filterchains_BearerTokenFilter_before}.
 */
@Component
class SnakeCaseMeterNames implements MeterFilter {

  private static final Pattern WORD_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");

  static String snake(String name) {
    return WORD_BOUNDARY.matcher(name).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    String name = id.getName();
    return name.chars().anyMatch(Character::isUpperCase) ? id.withName(snake(name)) : id;
  }
}
