package dev.hcsorchestrator.host.hcs.schema;

/** {@code Container_Memory}. */
public record ContainerMemory(Long sizeInMB) {}
