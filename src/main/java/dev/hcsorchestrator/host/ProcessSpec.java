package dev.hcsorchestrator.host;

import java.util.Map;

/** A process to start in a container. */
public record ProcessSpec(
    String commandLine, String workingDirectory, Map<String, String> environment) {}
