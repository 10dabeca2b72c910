/**
 * The fleet: the hosts sharing one database (registration, leases, cordon), and the scheduler that
 * assigns each definition to one host with room for it (docs/fleet.md).
 */
package dev.hcsorchestrator.fleet;
