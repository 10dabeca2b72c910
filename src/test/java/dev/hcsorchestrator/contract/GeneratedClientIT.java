package dev.hcsorchestrator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.client.ApiClient;
import dev.hcsorchestrator.client.api.DefinitionsApi;
import dev.hcsorchestrator.client.model.DefinitionEvent;
import dev.hcsorchestrator.client.model.DefinitionResponse;
import dev.hcsorchestrator.client.model.DefinitionSpec;
import dev.hcsorchestrator.client.model.DiskSpec;
import dev.hcsorchestrator.client.model.PageResponseDefinitionResponse;
import dev.hcsorchestrator.client.model.Status;
import dev.hcsorchestrator.client.model.VirtualMachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClientResponseException;

/**
 * The client openapi-generator makes from docs/openapi.json (Maven, generate-test-sources; no
 * edits) drives a definition's life against the running service on the simulated host, its token
 * set through the client's own bearer authentication.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.security.tokens[0].name=client",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=generated-client-token"
    })
class GeneratedClientIT {

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "client-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  @LocalServerPort int port;

  private DefinitionsApi api(String token) {
    ApiClient client = new ApiClient();
    client.setBasePath("http://127.0.0.1:" + port);
    client.setBearerToken(token);
    return new DefinitionsApi(client);
  }

  @Test
  void aGeneratedClientCreatesListsStopsStartsReadsEventsAndDeletes() {
    DefinitionsApi api = api("generated-client-token");
    DefinitionSpec spec =
        new DefinitionSpec()
            .name("client-01")
            .kind(DefinitionSpec.KindEnum.VIRTUAL_MACHINE)
            .labels(Map.of("made-by", "generated-client"))
            .virtualMachine(
                new VirtualMachineSpec()
                    .processors(1)
                    .memoryMB(512L)
                    .disks(List.of(new DiskSpec().name("os").sizeGB(1))));

    var created = api.createDefinitionWithHttpInfo(spec);
    assertThat(created.getStatusCode().value()).isEqualTo(201);
    assertThat(created.getHeaders().getFirst("Location"))
        .isEqualTo("/api/v1/definitions/client-01");
    DefinitionResponse body = created.getBody();
    assertThat(body.getName()).isEqualTo("client-01");
    assertThat(body.getGeneration()).isEqualTo(1L);

    PageResponseDefinitionResponse listed =
        api.listDefinitions(null, null, List.of("made-by=generated-client"), 0, 20);
    assertThat(listed.getContent())
        .extracting(DefinitionResponse::getName)
        .containsExactly("client-01");
    assertThat(api.listDefinitions(null, null, List.of("made-by=someone"), 0, 20).getContent())
        .isEmpty();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.getDefinition("client-01").getStatus().getPhase() == Status.PhaseEnum.RUNNING);

    // the ETag of the create, as If-Match: nobody changed it since
    var stopped = api.stopDefinitionWithHttpInfo("client-01", "\"1\"");
    assertThat(stopped.getStatusCode().value()).isEqualTo(202);
    assertThat(stopped.getBody().getDesiredState())
        .isEqualTo(DefinitionResponse.DesiredStateEnum.STOPPED);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.getDefinition("client-01").getStatus().getPhase() == Status.PhaseEnum.STOPPED);

    var started = api.startDefinitionWithHttpInfo("client-01", null);
    assertThat(started.getStatusCode().value()).isEqualTo(202);
    assertThat(started.getBody().getDesiredState())
        .isEqualTo(DefinitionResponse.DesiredStateEnum.RUNNING);

    List<DefinitionEvent> events = api.listDefinitionEvents("client-01", 50);
    assertThat(events)
        .extracting(DefinitionEvent::getType)
        .contains(DefinitionEvent.TypeEnum.CREATED, DefinitionEvent.TypeEnum.DESIRED_STATE_CHANGED);

    var deleted = api.deleteDefinitionWithHttpInfo("client-01", null);
    assertThat(deleted.getStatusCode().value()).isEqualTo(202);
    assertThat(deleted.getBody().getStatus().getPhase()).isEqualTo(Status.PhaseEnum.DELETING);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> api.getDefinition("client-01"))
                    .isInstanceOfSatisfying(
                        RestClientResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(404)));
  }

  @Test
  void theClientsBearerTokenIsWhatAuthenticates() {
    assertThatThrownBy(() -> api("not-the-token").listDefinitions(null, null, null, 0, 20))
        .isInstanceOfSatisfying(
            RestClientResponseException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(401));
  }
}
