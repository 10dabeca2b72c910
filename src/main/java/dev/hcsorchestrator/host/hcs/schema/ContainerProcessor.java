package dev.hcsorchestrator.host.hcs.schema;

/** {@code Container_Processor}; count, weight and maximum are mutually exclusive. */
public record ContainerProcessor(Integer count, Long weight, Long maximum) {}
