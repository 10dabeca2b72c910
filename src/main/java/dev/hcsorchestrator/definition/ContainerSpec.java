package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Map;

/** The container part of a definition. Layers are ordered topmost first, base image last. */
public record ContainerSpec(
    List<String> layers,
    String command,
    String workingDirectory,
    Map<String, String> environment,
    Integer processors,
    Long memoryMB,
    List<NetworkAdapterSpec> networkAdapters,
    List<MappedDirectorySpec> mappedDirectories) {}
