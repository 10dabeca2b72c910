package dev.hcsorchestrator.host.hcs.schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One {@code Resources[]} entry of a namespace: {@code type} Endpoint or Container. */
public record HcnNamespaceResource(String type, Data data) {

  /** The resource's identity. */
  public record Data(@JsonProperty("ID") String id) {}
}
