package dev.hcsorchestrator.definition;

import java.time.Instant;

/** How and when the last compute system ended; {@code exitCode} only for a process exit. */
public record LastExit(ExitType type, Integer exitCode, Instant at) {}
