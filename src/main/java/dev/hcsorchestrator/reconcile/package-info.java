/**
 * The reconciler: decision logic in plain Java, the keyed work queue, workers, backoff and
 * triggers, and the read-only query port {@link dev.hcsorchestrator.reconcile.ReconcileQueries} for
 * {@code web}. Uses {@code definition} through {@link
 * dev.hcsorchestrator.definition.DefinitionStore} and the typed {@code host} API; how a pass works
 * is in docs/reconciliation.md, the edges in docs/architecture.md.
 */
package dev.hcsorchestrator.reconcile;
