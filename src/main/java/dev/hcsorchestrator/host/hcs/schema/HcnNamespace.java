package dev.hcsorchestrator.host.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HCN {@code HostComputeNamespace}: {@code type} is Host, HostDefault, Guest or GuestDefault; the
 * resources (endpoints, containers) are read back, never sent.
 */
public record HcnNamespace(
    @JsonProperty("ID") String id,
    String type,
    List<HcnNamespaceResource> resources,
    Version schemaVersion) {}
