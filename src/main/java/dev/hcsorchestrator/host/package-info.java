/**
 * The typed host API the reconciler uses: compute systems, disks, networks and sockets in host
 * vocabulary, with a sealed error set. Built on the DLL-level interfaces of {@code host.hcs}, which
 * {@code host.jna} (Windows) and {@code host.simulated} (everywhere) implement.
 */
package dev.hcsorchestrator.host;
