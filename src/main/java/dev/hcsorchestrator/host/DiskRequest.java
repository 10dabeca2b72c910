package dev.hcsorchestrator.host;

/**
 * A VHDX to create: a differencing disk over {@code parent}, or a new dynamic disk of {@code
 * sizeBytes}.
 */
public record DiskRequest(String path, String parent, long sizeBytes) {}
