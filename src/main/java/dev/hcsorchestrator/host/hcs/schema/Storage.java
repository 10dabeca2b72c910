package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code Storage}: parent layers topmost first, and the scratch path. */
public record Storage(List<Layer> layers, String path) {}
