package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One VM disk: exactly one of {@code parent} (differencing disk over an image), {@code sizeGB} (new
 * dynamic VHDX), {@code path} (existing disk used as is) or {@code iso} (read-only DVD). The paths
 * are checked in code ({@link PathRules}): by their real location, links resolved.
 */
public record DiskSpec(
    @NotNull @Pattern(regexp = SpecRules.NAME, message = SpecRules.NAME_MESSAGE) String name,
    String parent,
    @Min(value = 1, message = "must be between 1 and " + SpecRules.MAX_SIZE_GB)
        @Max(
            value = SpecRules.MAX_SIZE_GB,
            message = "must be between 1 and " + SpecRules.MAX_SIZE_GB)
        Integer sizeGB,
    String path,
    String iso,
    Boolean readOnly) {}
