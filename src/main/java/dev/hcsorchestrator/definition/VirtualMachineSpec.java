package dev.hcsorchestrator.definition;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The VM part of a definition. {@code memoryMB} must also be even (checked in code). */
public record VirtualMachineSpec(
    @NotNull
        @Min(value = 1, message = "must be between 1 and " + SpecRules.MAX_PROCESSORS)
        @Max(
            value = SpecRules.MAX_PROCESSORS,
            message = "must be between 1 and " + SpecRules.MAX_PROCESSORS)
        Integer processors,
    @NotNull
        @Min(value = SpecRules.MIN_MEMORY_MB, message = SpecRules.MEMORY_MESSAGE)
        @Max(value = SpecRules.MAX_MEMORY_MB, message = SpecRules.MEMORY_MESSAGE)
        Long memoryMB,
    @NotNull(message = "must hold 1.." + SpecRules.MAX_DISKS + " disks")
        @Size(
            min = 1,
            max = SpecRules.MAX_DISKS,
            message = "must hold 1.." + SpecRules.MAX_DISKS + " disks")
        List<@NotNull @Valid DiskSpec> disks,
    @Size(
            max = SpecRules.MAX_ADAPTERS,
            message = "at most " + SpecRules.MAX_ADAPTERS + " network adapters")
        List<@NotNull @Valid NetworkAdapterSpec> networkAdapters,
    @Size(max = SpecRules.MAX_SOCKETS, message = "at most " + SpecRules.MAX_SOCKETS + " sockets")
        List<@NotNull @Valid HvSocketSpec> hvSockets) {}
