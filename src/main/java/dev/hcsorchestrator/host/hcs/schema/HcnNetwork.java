package dev.hcsorchestrator.host.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HCN {@code HostComputeNetwork} (HCN schema 2.0), the subset this service sends and reads. */
public record HcnNetwork(
    @JsonProperty("ID") String id,
    String owner,
    String name,
    String type,
    List<HcnIpam> ipams,
    Integer flags,
    List<HcnPolicy> policies,
    Version schemaVersion) {

  /** HCN schema version 2.0. */
  public static final Version HCN_SCHEMA = new Version(2, 0);
}
