package dev.hcsorchestrator.definition;

/**
 * One VM disk: exactly one of {@code parent} (differencing disk over an image), {@code sizeGB} (new
 * dynamic VHDX), {@code path} (existing disk used as is) or {@code iso} (read-only DVD).
 */
public record DiskSpec(
    String name, String parent, Integer sizeGB, String path, String iso, Boolean readOnly) {}
