/**
 * The REST API of API.md: controllers, response records, problem details, request size limit and
 * bearer-token access control. Uses only the public API of {@code definition}.
 */
package dev.hcsorchestrator.web;
