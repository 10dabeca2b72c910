package dev.hcsorchestrator.web;

import static dev.hcsorchestrator.web.DefinitionController.withEtag;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.OwnerAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The owner's requests on a definition that the reconciler carries out afterwards: delete and the
 * actions (start, stop, restart, pause, resume, save). Each runs under the request's {@code
 * If-Match} and answers 202 Accepted with the definition as it now stands, so the answers every one
 * of them shares are declared once, on the class; an action adds only its 409.
 */
@RestController
@Tag(name = "definitions", description = "Declared VMs and containers, their actions and events")
@RequestMapping(path = "/api/v1/definitions", produces = MediaType.APPLICATION_JSON_VALUE)
@ApiResponse(responseCode = "202", description = "Accepted: the reconciler acts on it")
@ApiResponse(responseCode = "404", description = "No definition of this name")
@ApiResponse(responseCode = "412", description = DefinitionActionController.PRECONDITION_FAILED)
class DefinitionActionController {

  static final String PRECONDITION_FAILED =
      "If-Match names no current generation (also when the definition changed meanwhile)";
  private static final String IF_MATCH_ACTION =
      "Act only if the current generation is one of these entity tags (the ETag of a read, e.g."
          + " \"3\"), or * for any";
  private static final String DELETING = "The definition is being deleted";
  private static final String DELETING_OR_NO_VM =
      "The definition is being deleted, or is no VirtualMachine";

  private final Definitions definitions;

  DefinitionActionController(Definitions definitions) {
    this.definitions = definitions;
  }

  @DeleteMapping("/{name}")
  @Operation(
      operationId = "deleteDefinition",
      summary =
          "Delete a definition: it turns Deleting, the host's system is removed, then the definition")
  ResponseEntity<DefinitionResponse> delete(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return withEtag(
        ResponseEntity.accepted(), ifMatching(ifMatch, m -> definitions.requestDeletion(name, m)));
  }

  @PostMapping("/{name}/start")
  @Operation(
      operationId = "startDefinition",
      summary = "Desired state Running; clears Failed and the restart backoff")
  @ApiResponse(responseCode = "409", description = DELETING)
  ResponseEntity<DefinitionResponse> start(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return act(name, OwnerAction.Start, ifMatch);
  }

  @PostMapping("/{name}/stop")
  @Operation(operationId = "stopDefinition", summary = "Desired state Stopped")
  @ApiResponse(responseCode = "409", description = DELETING)
  ResponseEntity<DefinitionResponse> stop(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return act(name, OwnerAction.Stop, ifMatch);
  }

  @PostMapping("/{name}/restart")
  @Operation(
      operationId = "restartDefinition",
      summary = "Replace the compute system once and run it")
  @ApiResponse(responseCode = "409", description = DELETING)
  ResponseEntity<DefinitionResponse> restart(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return act(name, OwnerAction.Restart, ifMatch);
  }

  @PostMapping("/{name}/pause")
  @Operation(
      operationId = "pauseDefinition",
      summary = "Desired state Paused (VirtualMachine only)")
  @ApiResponse(responseCode = "409", description = DELETING_OR_NO_VM)
  ResponseEntity<DefinitionResponse> pause(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return act(name, OwnerAction.Pause, ifMatch);
  }

  @PostMapping("/{name}/resume")
  @Operation(
      operationId = "resumeDefinition",
      summary = "Desired state Running after a pause (VirtualMachine only)")
  @ApiResponse(responseCode = "409", description = DELETING_OR_NO_VM)
  ResponseEntity<DefinitionResponse> resume(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return act(name, OwnerAction.Resume, ifMatch);
  }

  @PostMapping("/{name}/save")
  @Operation(
      operationId = "saveDefinition",
      summary = "Desired state Saved: save the VM's state to disk (VirtualMachine only)")
  @ApiResponse(responseCode = "409", description = DELETING_OR_NO_VM)
  ResponseEntity<DefinitionResponse> save(
      @PathVariable String name,
      @Parameter(description = IF_MATCH_ACTION)
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch) {
    return act(name, OwnerAction.Save, ifMatch);
  }

  private ResponseEntity<DefinitionResponse> act(String name, OwnerAction action, String ifMatch) {
    return withEtag(
        ResponseEntity.accepted(), ifMatching(ifMatch, m -> definitions.act(name, action, m)));
  }

  /**
   * Runs a state-changing operation under the request's {@code If-Match} (RFC 9110 section 13.1.1:
   * evaluated before the method is performed); the store checks the generation in the operation's
   * own transaction, and a change that commits in between is a 412 as well.
   */
  private static Definition ifMatching(String ifMatch, Function<LongPredicate, Definition> op) {
    EntityTags match = EntityTags.parse(ifMatch, HttpHeaders.IF_MATCH);
    return op.apply(match == null ? generation -> true : match::matchesStrongly);
  }
}
