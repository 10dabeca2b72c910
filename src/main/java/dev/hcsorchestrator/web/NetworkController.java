package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.definition.DefinitionException.FieldError;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Network;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
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
  List<Network> list() {
    return definitions.networks();
  }

  @GetMapping("/{name}")
  @Operation(operationId = "getNetwork", summary = "Read a declared network")
  @ApiResponse(responseCode = "200", description = "The network")
  @ApiResponse(responseCode = "404", description = "No network of this name")
  Network get(@PathVariable String name) {
    return definitions
        .network(name)
        .orElseThrow(() -> new DefinitionException.NotFound("No network named '" + name + "'"));
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
  ResponseEntity<Network> put(@PathVariable String name, @RequestBody NetworkBody body) {
    if (body.name() != null && !body.name().equals(name)) {
      throw new DefinitionException.Invalid(
          List.of(new FieldError("name", "must equal the name in the path ('" + name + "')")));
    }
    Network network = new Network(name, type(body.type()), body.subnet(), body.gateway());
    Definitions.PutResult<Network> result = definitions.putNetwork(network);
    return result.created()
        ? ResponseEntity.created(URI.create("/api/v1/networks/" + name)).body(result.value())
        : ResponseEntity.ok(result.value());
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
