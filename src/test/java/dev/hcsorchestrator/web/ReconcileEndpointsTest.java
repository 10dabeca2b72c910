package dev.hcsorchestrator.web;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.contract.OpenApiContract;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.reconcile.ReconcileQueries;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The compute-systems and hcs-document endpoints, with the reconciler's queries mocked. */
@WebMvcTest(
    controllers = {ComputeSystemsController.class, HcsDocumentController.class},
    properties = {
      "hcs.data-dir=target/web-slice-test",
      "hcs.security.tokens[0].name=view",
      "hcs.security.tokens[0].role=viewer",
      "hcs.security.tokens[0].value=viewer-secret"
    })
@Import({
  OpenApiContract.MockMvcValidation.class,
  SecurityConfig.class,
  TokenRegistry.class,
  Problems.class,
  ReconcileEndpointsTest.Properties.class
})
class ReconcileEndpointsTest {

  @TestConfiguration
  @EnableConfigurationProperties(HcsProperties.class)
  static class Properties {}

  static final String VIEWER = "Bearer viewer-secret";

  @Autowired MockMvc mvc;
  @MockitoBean ReconcileQueries queries;
  @MockitoBean Definitions definitions;

  @Test
  void listsComputeSystemsWithTheClaimingDefinitionOrNull() throws Exception {
    given(queries.computeSystems())
        .willReturn(
            List.of(
                new ReconcileQueries.ComputeSystemView(
                    "a1", "hcs-orchestrator", "VirtualMachine", "Running", "web-01"),
                new ReconcileQueries.ComputeSystemView(
                    "b2", "docker", "Container", "Running", null)));
    mvc.perform(get("/api/v1/compute-systems").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value("a1"))
        .andExpect(jsonPath("$[0].owner").value("hcs-orchestrator"))
        .andExpect(jsonPath("$[0].systemType").value("VirtualMachine"))
        .andExpect(jsonPath("$[0].state").value("Running"))
        .andExpect(jsonPath("$[0].definition").value("web-01"))
        .andExpect(jsonPath("$[1].definition").isEmpty());
  }

  @Test
  void returnsTheDocumentVerbatim() throws Exception {
    String doc = "{\"Owner\":\"hcs-orchestrator\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1}}";
    given(queries.hcsDocument("web-01")).willReturn(Optional.of(doc));
    mvc.perform(get("/api/v1/definitions/web-01/hcs-document").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(content().string(doc));
  }

  @Test
  void anUnknownDefinitionIsAProblem404() throws Exception {
    given(queries.hcsDocument("nope")).willReturn(Optional.empty());
    mvc.perform(get("/api/v1/definitions/nope/hcs-document").header("Authorization", VIEWER))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aMissingTokenIs401() throws Exception {
    mvc.perform(get("/api/v1/compute-systems")).andExpect(status().isUnauthorized());
  }
}
