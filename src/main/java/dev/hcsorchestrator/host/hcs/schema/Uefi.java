package dev.hcsorchestrator.host.hcs.schema;

/** {@code Uefi} firmware settings. */
public record Uefi(
    Boolean enableDebugger,
    UefiBootEntry bootThis,
    SerialConsole console,
    Boolean stopOnBootFailure) {}
