/**
 * Operations: Micrometer binding of the reconciler's counters and gauges, and the health indicators
 * of the host and the reconciler (both in the readiness group).
 */
package dev.hcsorchestrator.ops;
