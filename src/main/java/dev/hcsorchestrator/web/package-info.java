/**
 * The REST API (README.md, "API in short"): controllers, response records, problem details, request
 * size limit and bearer-token access control; the watch feed behind {@code GET /api/v1/watch}
 * ({@link dev.hcsorchestrator.web.WatchFeed}) and the operator console at {@code /console/}. Uses
 * the owner's API of {@code definition} ({@link dev.hcsorchestrator.definition.Definitions}) and,
 * for what the host runs, the reconciler's read-only query port {@link
 * dev.hcsorchestrator.reconcile.ReconcileQueries}; edges in docs/architecture.md.
 */
package dev.hcsorchestrator.web;
