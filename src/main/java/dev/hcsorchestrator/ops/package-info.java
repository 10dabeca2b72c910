/**
 * Operations: Micrometer binding of the reconciler's counters and gauges, and the health indicators
 * of the host and the reconciler (both in the readiness group). On top of the other modules: reads
 * {@code reconcile}, {@code host} and {@code definition}'s value types; nothing of ours uses it.
 * Edges in docs/architecture.md.
 */
package dev.hcsorchestrator.ops;
