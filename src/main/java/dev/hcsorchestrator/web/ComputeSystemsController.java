package dev.hcsorchestrator.web;

import dev.hcsorchestrator.reconcile.ReconcileQueries;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the host runs now, with the definition that claims each system. */
@RestController
@RequestMapping("/api/v1/compute-systems")
class ComputeSystemsController {

  private final ReconcileQueries queries;

  ComputeSystemsController(ReconcileQueries queries) {
    this.queries = queries;
  }

  @GetMapping
  List<ReconcileQueries.ComputeSystemView> list() {
    return queries.computeSystems();
  }
}
