package dev.hcsorchestrator.definition;

/**
 * Every test of {@link DefinitionsPersistenceIT}, on PostgreSQL: the same Flyway migrations, the
 * same JPA mappings and queries, a database of its own on the build's test server ({@link
 * dev.hcsorchestrator.TestPostgres}).
 */
class DefinitionsPersistencePostgresIT extends DefinitionsPersistenceIT {}
