package dev.hcsorchestrator.host.hcs.schema;

import java.util.Map;

/** {@code ProcessParameters} for HcsCreateProcess. */
public record ProcessParameters(
    String applicationName,
    String commandLine,
    String user,
    String workingDirectory,
    Map<String, String> environment,
    Boolean emulateConsole,
    Boolean createStdInPipe,
    Boolean createStdOutPipe,
    Boolean createStdErrPipe) {}
