package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Where a definition may run: on the host named {@code host}, or on any host carrying every label
 * of {@code hostLabels}; exactly one of the two (checked by {@link DefinitionValidator}).
 */
public record PlacementSpec(
    @Pattern(regexp = PlacementSpec.HOST_NAME, message = "must match " + PlacementSpec.HOST_NAME)
        String host,
    @Size(min = 1, max = SpecRules.MAX_LABELS, message = "1 to " + SpecRules.MAX_LABELS + " pairs")
        Map<
                @Pattern(
                    regexp = SpecRules.LABEL_KEY,
                    message = "key must match " + SpecRules.LABEL_KEY)
                String,
                @NotNull(message = "value must not be null")
                @Size(
                    max = SpecRules.MAX_LABEL_VALUE,
                    message = "value must be at most " + SpecRules.MAX_LABEL_VALUE + " characters")
                String>
            hostLabels) {

  /** A fleet host's name (API.md). */
  public static final String HOST_NAME = "^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$";

  public PlacementSpec {
    hostLabels = hostLabels == null ? null : Map.copyOf(hostLabels);
  }
}
