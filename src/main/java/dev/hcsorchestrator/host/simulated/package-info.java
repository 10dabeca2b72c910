/**
 * The simulated host: Java implementations of the DLL-level interfaces of {@code host.hcs}, with
 * state under the data directory, fault injection and a control endpoint. Uses {@code host.hcs},
 * {@code config} and {@code host}'s mode condition alone; edges in docs/architecture.md.
 */
package dev.hcsorchestrator.host.simulated;
