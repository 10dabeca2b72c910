package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.definition.DefinitionException.FieldError;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkOnHost;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/networks}: declared networks. */
@RestController
@Tag(name = "networks", description = "Declared host networks")
@RequestMapping(path = "/api/v1/networks", produces = MediaType.APPLICATION_JSON_VALUE)
class NetworkController {

  private final Definitions definitions;

  NetworkController(Definitions definitions) {
    this.definitions = definitions;
  }

  @GetMapping
  @Operation(operationId = "listNetworks", summary = "List declared networks, sorted by name")
  @ApiResponse(responseCode = "200", description = "Every declared network")
  List<NetworkResponse> list() {
    Map<String, List<NetworkOnHost>> reports = reports();
    return definitions.networks().stream()
        .map(n -> NetworkResponse.of(n, reports.getOrDefault(n.name(), List.of())))
        .toList();
  }

  /** What the hosts report, per network (the rows come sorted by network and host). */
  private Map<String, List<NetworkOnHost>> reports() {
    Map<String, List<NetworkOnHost>> reports = new HashMap<>();
    for (NetworkOnHost r : definitions.networkReports()) {
      reports.computeIfAbsent(r.network(), k -> new ArrayList<>()).add(r);
    }
    return reports;
  }

  private NetworkResponse shown(Network network) {
    return NetworkResponse.of(network, reports().getOrDefault(network.name(), List.of()));
  }

  @GetMapping("/{name}")
  @Operation(
      operationId = "getNetwork",
      summary = "Read a declared network",
      description =
          "The declaration and its status: Ready once a host made it, Failed (with a message)"
              + " when a host network this service did not make has its name or an overlapping"
              + " subnet, Pending before any host made it; hosts lists each host's report.")
  @ApiResponse(responseCode = "200", description = "The network")
  @ApiResponse(responseCode = "404", description = "No network of this name")
  NetworkResponse get(@PathVariable String name) {
    return shown(
        definitions
            .network(name)
            .orElseThrow(
                () -> new DefinitionException.NotFound("No network named '" + name + "'")));
  }

  @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "putNetwork",
      summary = "Declare or replace a network",
      description =
          "The same declaration again changes nothing. A changed type, subnet or gateway of a"
              + " network no definition uses replaces the host network made for it.")
  @ApiResponse(responseCode = "200", description = "Replaced")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(
      responseCode = "409",
      description =
          "The type, subnet or gateway would change while definitions use the network (the"
              + " problem names them); or changed concurrently, try again")
  ResponseEntity<NetworkResponse> put(@PathVariable String name, @RequestBody NetworkBody body) {
    if (body.name() != null && !body.name().equals(name)) {
      throw new DefinitionException.Invalid(
          List.of(new FieldError("name", "must equal the name in the path ('" + name + "')")));
    }
    Network network = new Network(name, type(body.type()), body.subnet(), body.gateway());
    Definitions.PutResult<Network> result = definitions.putNetwork(network);
    NetworkResponse shown = shown(result.value());
    return result.created()
        ? ResponseEntity.created(URI.create("/api/v1/networks/" + name)).body(shown)
        : ResponseEntity.ok(shown);
  }

  /**
   * A network's body with {@code type} read as text, so that an unknown type is reported together
   * with every other broken rule (by the validator, as a missing type) instead of alone by Jackson.
   */
  record NetworkBody(
      String name,
      @Schema(allowableValues = {"NAT", "Internal", "Transparent"}) String type,
      String subnet,
      String gateway) {}

  private static Network.NetworkType type(String value) {
    for (Network.NetworkType type : Network.NetworkType.values()) {
      if (type.name().equals(value)) {
        return type;
      }
    }
    return null;
  }

  @DeleteMapping("/{name}")
  @Operation(operationId = "deleteNetwork", summary = "Delete a declared network")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "404", description = "No network of this name")
  @ApiResponse(
      responseCode = "409",
      description = "Definitions use the network (the problem names them)")
  ResponseEntity<Void> delete(@PathVariable String name) {
    definitions.deleteNetwork(name);
    return ResponseEntity.noContent().build();
  }
}
