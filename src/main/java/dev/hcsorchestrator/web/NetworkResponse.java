package dev.hcsorchestrator.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkOnHost;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A declared network as clients see it: the declaration plus what the hosts report of it. {@code
 * status.phase} is {@code Failed} when some host cannot make it (a host network this service did
 * not make has its name or an overlapping subnet; {@code message} says which), {@code Ready} when
 * some host holds it and none failed, {@code Pending} while no host has made it (no definition
 * naming it ran yet).
 */
@JsonPropertyOrder({"name", "type", "subnet", "gateway", "status"})
@Schema(name = "Network")
record NetworkResponse(
    String name, Network.NetworkType type, String subnet, String gateway, Status status) {

  /** The network's phase over the fleet, and each host's report. */
  @JsonPropertyOrder({"phase", "message", "hosts"})
  @Schema(name = "NetworkStatus")
  record Status(
      @Schema(allowableValues = {"Pending", "Ready", "Failed"}) String phase,
      @Schema(description = "Why the network cannot be made, when it is Failed") String message,
      List<HostReport> hosts) {}

  /** What one host reports: the network made there, or why it cannot be. */
  @JsonPropertyOrder({"host", "phase", "message", "updatedAt"})
  @Schema(name = "NetworkHostReport")
  record HostReport(String host, NetworkOnHost.State phase, String message, Instant updatedAt) {}

  /** {@code reports}: what the hosts report of this network, sorted by host name. */
  static NetworkResponse of(Network network, List<NetworkOnHost> reports) {
    List<HostReport> hosts =
        reports.stream()
            .map(r -> new HostReport(r.host(), r.state(), r.message(), r.updatedAt()))
            .toList();
    HostReport failed =
        hosts.stream()
            .filter(h -> h.phase() == NetworkOnHost.State.Failed)
            .findFirst()
            .orElse(null);
    String phase =
        failed != null ? "Failed" : hosts.isEmpty() ? "Pending" : NetworkOnHost.State.Ready.name();
    return new NetworkResponse(
        network.name(),
        network.type(),
        network.subnet(),
        network.gateway(),
        new Status(phase, failed == null ? null : failed.message(), hosts));
  }
}
