package dev.hcsorchestrator.definition;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A host folder mapped into a container: {@code hostPath} is checked like every owner-named path
 * ({@link PathRules}), {@code containerPath} must be an absolute Windows path in the container.
 */
public record MappedDirectorySpec(
    @NotNull String hostPath, @NotBlank String containerPath, Boolean readOnly) {}
