package dev.hcsorchestrator.host.hcs.schema;

/**
 * {@code ProcessStatus}: EventData of a ProcessExited event; {@code exitCode} is valid only when
 * {@code exited} and {@code lastWaitResult} is 0.
 */
public record ProcessStatus(
    Long processId, Boolean exited, Long exitCode, Integer lastWaitResult) {}
