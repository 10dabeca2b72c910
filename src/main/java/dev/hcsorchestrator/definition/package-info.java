/**
 * Desired state and recorded status of VM and container definitions. Two public APIs: {@link
 * dev.hcsorchestrator.definition.Definitions} for owners (web) and {@link
 * dev.hcsorchestrator.definition.DefinitionStore} for the reconciler, with the records beside them;
 * JPA stays inside. Reads {@code config} (the storage roots and limits its rules check) and nothing
 * else of ours; edges in docs/architecture.md.
 */
package dev.hcsorchestrator.definition;
