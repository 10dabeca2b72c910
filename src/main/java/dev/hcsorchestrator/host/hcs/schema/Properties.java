package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/**
 * {@code Properties}: the answer of HcsGetComputeSystemProperties and each entry of
 * HcsEnumerateComputeSystems. After an exit {@code state} may be missing while {@code stopped} is
 * true.
 */
public record Properties(
    String id,
    SystemType systemType,
    String name,
    String owner,
    String runtimeId,
    State state,
    Boolean stopped,
    NotificationType exitType,
    List<ProcessDetails> processList) {}
