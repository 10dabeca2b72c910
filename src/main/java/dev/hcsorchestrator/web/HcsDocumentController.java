package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.reconcile.ReconcileQueries;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The exact HCS document of a definition's current (or next) incarnation, byte for byte. */
@RestController
class HcsDocumentController {

  private final ReconcileQueries queries;

  HcsDocumentController(ReconcileQueries queries) {
    this.queries = queries;
  }

  @GetMapping("/api/v1/definitions/{name}/hcs-document")
  ResponseEntity<String> document(@PathVariable String name) {
    String json =
        queries
            .hcsDocument(name)
            .orElseThrow(() -> new DefinitionException.NotFound("No definition named " + name));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
  }
}
