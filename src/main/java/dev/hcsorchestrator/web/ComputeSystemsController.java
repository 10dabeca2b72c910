package dev.hcsorchestrator.web;

import dev.hcsorchestrator.reconcile.ReconcileQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the host runs now, with the definition that claims each system. */
@RestController
@Tag(name = "compute-systems", description = "What the host runs")
@RequestMapping(path = "/api/v1/compute-systems", produces = "application/json")
class ComputeSystemsController {

  private final ReconcileQueries queries;

  ComputeSystemsController(ReconcileQueries queries) {
    this.queries = queries;
  }

  @GetMapping
  @Operation(
      operationId = "listComputeSystems",
      summary = "The host's compute systems, with the definition that claims each")
  @ApiResponse(responseCode = "200", description = "Every compute system the host reports")
  List<ReconcileQueries.ComputeSystemView> list() {
    return queries.computeSystems();
  }
}
