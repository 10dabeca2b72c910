package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code Networking} of a container. */
public record Networking(
    Boolean allowUnqualifiedDnsQuery,
    String dnsSearchList,
    String namespace,
    List<String> networkAdapters) {}
