/**
 * Records for the JSON subset of the HCS schema (version 2.1) that this service sends and reads,
 * named as the schema names them, plus the few HCN documents; serialised by {@link
 * dev.hcsorchestrator.host.hcs.schema.HcsJson}.
 */
package dev.hcsorchestrator.host.hcs.schema;
