/**
 * Desired state and recorded status of VM and container definitions. The public API is {@link
 * dev.hcsorchestrator.definition.Definitions} and the records beside it; JPA stays inside.
 */
package dev.hcsorchestrator.definition;
