package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A Hyper-V socket service registration the VM needs. {@code serviceId} is stored lower case
 * without braces ({@link SpecRules#canonicalGuid}); {@code name} becomes the registration's {@code
 * ElementName}.
 */
public record HvSocketSpec(
    @NotNull(message = "must be a GUID")
        @Pattern(regexp = SpecRules.GUID, message = "must be a GUID")
        String serviceId,
    @NotNull(message = "must be 1..64 printable characters other than '\\'")
        @Pattern(
            regexp = SpecRules.SOCKET_NAME,
            message = "must be 1..64 printable characters other than '\\'")
        String name) {}
