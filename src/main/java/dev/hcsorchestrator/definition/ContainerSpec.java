package dev.hcsorchestrator.definition;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The container part of a definition. Layers are ordered topmost first, base image last; their
 * paths, the environment's names and {@code memoryMB} being even are checked in code.
 */
public record ContainerSpec(
    @NotNull(message = "must hold 1.." + SpecRules.MAX_LAYERS + " folder paths")
        @Size(
            min = 1,
            max = SpecRules.MAX_LAYERS,
            message = "must hold 1.." + SpecRules.MAX_LAYERS + " folder paths")
        List<@NotNull String> layers,
    @NotNull(message = "must be 1.." + SpecRules.MAX_COMMAND + " characters")
        @Size(
            min = 1,
            max = SpecRules.MAX_COMMAND,
            message = "must be 1.." + SpecRules.MAX_COMMAND + " characters")
        String command,
    String workingDirectory,
    Map<String, @NotNull String> environment,
    @Min(value = 1, message = "must be between 1 and " + SpecRules.MAX_PROCESSORS)
        @Max(
            value = SpecRules.MAX_PROCESSORS,
            message = "must be between 1 and " + SpecRules.MAX_PROCESSORS)
        Integer processors,
    @Min(value = SpecRules.MIN_MEMORY_MB, message = SpecRules.MEMORY_MESSAGE)
        @Max(value = SpecRules.MAX_MEMORY_MB, message = SpecRules.MEMORY_MESSAGE)
        Long memoryMB,
    @Size(
            max = SpecRules.MAX_ADAPTERS,
            message = "at most " + SpecRules.MAX_ADAPTERS + " network adapters")
        List<@NotNull @Valid NetworkAdapterSpec> networkAdapters,
    List<@NotNull @Valid MappedDirectorySpec> mappedDirectories) {}
