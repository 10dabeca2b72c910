package dev.hcsorchestrator.definition;

import java.util.Map;

/** A page request with optional filters; results are sorted by name. */
public record DefinitionQuery(
    Kind kind, Phase phase, Map<String, String> labels, int page, int size) {}
