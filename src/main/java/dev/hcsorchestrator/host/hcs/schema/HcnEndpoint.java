package dev.hcsorchestrator.host.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCN {@code HostComputeEndpoint}, the subset this service sends and reads. */
public record HcnEndpoint(
    @JsonProperty("ID") String id,
    String owner,
    String name,
    String hostComputeNetwork,
    String macAddress,
    List<HcnIpConfiguration> ipConfigurations,
    List<HcnPolicy> policies,
    Version schemaVersion) {}
