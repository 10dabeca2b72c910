package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.fleet.Fleet;
import dev.hcsorchestrator.fleet.FleetHost;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/hosts}: the hosts of the fleet (docs/fleet.md). */
@RestController
@Tag(name = "hosts", description = "The hosts of the fleet")
@RequestMapping(path = "/api/v1/hosts", produces = MediaType.APPLICATION_JSON_VALUE)
class HostController {

  private final Fleet fleet;

  HostController(Fleet fleet) {
    this.fleet = fleet;
  }

  @GetMapping
  @Operation(operationId = "listHosts", summary = "List the hosts of the fleet, sorted by name")
  @ApiResponse(responseCode = "200", description = "Every host")
  List<FleetHost> list() {
    return fleet.hosts();
  }

  @GetMapping("/{name}")
  @Operation(operationId = "getHost", summary = "Read a host of the fleet")
  @ApiResponse(responseCode = "200", description = "The host")
  @ApiResponse(responseCode = "404", description = "No host of this name")
  FleetHost get(@PathVariable String name) {
    return fleet.host(name).orElseThrow(() -> notFound(name));
  }

  @PostMapping("/{name}/cordon")
  @Operation(operationId = "cordonHost", summary = "Assign nothing new to the host")
  @ApiResponse(responseCode = "200", description = "The host, cordoned")
  @ApiResponse(responseCode = "404", description = "No host of this name")
  FleetHost cordon(@PathVariable String name) {
    return fleet.cordon(name, true).orElseThrow(() -> notFound(name));
  }

  @PostMapping("/{name}/uncordon")
  @Operation(operationId = "uncordonHost", summary = "Assign to the host again")
  @ApiResponse(responseCode = "200", description = "The host, no longer cordoned")
  @ApiResponse(responseCode = "404", description = "No host of this name")
  FleetHost uncordon(@PathVariable String name) {
    return fleet.cordon(name, false).orElseThrow(() -> notFound(name));
  }

  @PostMapping("/{name}/drain")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "drainHost",
      summary = "Cordon the host and move its failover definitions to other hosts",
      description =
          "Each failover definition is stopped gracefully on the host, then started on another,"
              + " at most hcs.reconcile.max-concurrent-starts at a time (event Drained). The host"
              + " stays Draining until it is uncordoned.")
  @ApiResponse(responseCode = "202", description = "What moves and what stays, and why")
  @ApiResponse(responseCode = "404", description = "No host of this name")
  Fleet.Drain drain(@PathVariable String name) {
    return fleet.drain(name).orElseThrow(() -> notFound(name));
  }

  private static DefinitionException.NotFound notFound(String unused) {
    // the name is not echoed: it is whatever the client sent
    return new DefinitionException.NotFound("No host of this name in the fleet");
  }
}
