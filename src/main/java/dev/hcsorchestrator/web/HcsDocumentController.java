package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.reconcile.ReconcileQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The exact HCS document of a definition's current (or next) incarnation, byte for byte. */
@RestController
@Tag(name = "definitions")
class HcsDocumentController {

  private final ReconcileQueries queries;

  HcsDocumentController(ReconcileQueries queries) {
    this.queries = queries;
  }

  @GetMapping(path = "/api/v1/definitions/{name}/hcs-document", produces = "application/json")
  @Operation(
      operationId = "getHcsDocument",
      summary = "The HCS ComputeSystem document of the current (or next) incarnation")
  @ApiResponse(
      responseCode = "200",
      description = "The JSON document exactly as handed to the host",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(type = "object", description = "An HCS ComputeSystem document")))
  @ApiResponse(responseCode = "404", description = "No definition of this name")
  ResponseEntity<String> document(@PathVariable String name) {
    String json =
        queries
            .hcsDocument(name)
            .orElseThrow(() -> new DefinitionException.NotFound("No definition named " + name));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
  }
}
