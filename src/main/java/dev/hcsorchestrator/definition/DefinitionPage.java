package dev.hcsorchestrator.definition;

import java.util.List;

/** One page of definitions. */
public record DefinitionPage(
    List<Definition> content, int size, int number, long totalElements, int totalPages) {}
