package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A network adapter attached to a declared or host network; the MAC is optional, and must be a
 * unicast address other than all zeros (the host refuses the others).
 */
public record NetworkAdapterSpec(
    @NotNull @Pattern(regexp = SpecRules.NAME, message = SpecRules.NAME_MESSAGE) String name,
    @NotBlank String network,
    @Pattern(regexp = SpecRules.MAC, message = "must match " + SpecRules.MAC) String macAddress) {}
