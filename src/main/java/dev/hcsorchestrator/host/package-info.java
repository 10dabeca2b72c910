/**
 * The typed host API the reconciler uses: compute systems, disks, networks and sockets in host
 * vocabulary, with a sealed error set. Built on the DLL-level interfaces of {@code host.hcs}, which
 * {@code host.jna} (Windows) and {@code host.simulated} (everywhere) implement; this package
 * resolves {@code hcs.host.mode} and wires {@code host.jna} when it is native. Edges in
 * docs/architecture.md.
 */
package dev.hcsorchestrator.host;
