package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.ContainerResources;
import dev.hcsorchestrator.host.HostResources;

/**
 * The three faces of the host a pass uses: compute systems, the resources they need (disks,
 * endpoints, networks, files), and what a container needs beside them (namespace, scratch volume).
 */
record HostAccess(ComputeHost host, HostResources resources, ContainerResources containers) {}
