package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.contract.OpenApiContract;
import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionEvent;
import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.definition.DefinitionPage;
import dev.hcsorchestrator.definition.DefinitionQuery;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.OwnerAction;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.fleet.Fleet;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.CannotCreateTransactionException;

/** Every status code and error shape of the HTTP layer, with {@link Definitions} mocked. */
@WebMvcTest(
    controllers = {
      DefinitionController.class,
      DefinitionActionController.class,
      NetworkController.class,
      ProblemErrorController.class
    },
    properties = {
      "hcs.data-dir=target/web-slice-test",
      "hcs.security.tokens[0].name=ops",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=operator-secret",
      "hcs.security.tokens[1].name=view",
      "hcs.security.tokens[1].role=viewer",
      // sha256("viewer-secret")
      "hcs.security.tokens[1].value={sha256}f6aa3a0aabbb721b4aa7763a987a47688a702b1bcf4850cb4ba5bdab26f9cc4b"
    })
@Import({
  OpenApiContract.MockMvcValidation.class,
  SecurityConfig.class,
  TokenRegistry.class,
  Problems.class,
  StrictJsonConfig.class,
  DefinitionApiTest.Properties.class
})
class DefinitionApiTest {

  @TestConfiguration
  @EnableConfigurationProperties(HcsProperties.class)
  static class Properties {}

  static final String OPERATOR = "Bearer operator-secret";
  static final String VIEWER = "Bearer viewer-secret";
  static final String VM_JSON =
      """
      {"name":"web-01","kind":"VirtualMachine",
       "virtualMachine":{"processors":2,"memoryMB":2048,"disks":[{"name":"os","sizeGB":20}]}}
      """;

  @Autowired MockMvc mvc;
  @MockitoBean Definitions definitions;
  @MockitoBean Fleet fleet;

  @BeforeEach
  void everyHostLive() {
    // no host is lost: a definition is shown as stored
    when(fleet.shown(any())).thenAnswer(call -> call.getArgument(0));
  }

  static Definition definition(String name, Kind kind, long generation, Phase phase) {
    DefinitionSpec spec =
        SpecBuilder.bare(name, kind)
            .desired(DesiredState.Running)
            .restart(RestartPolicy.Always)
            .shutdownTimeout(60)
            .hostShutdownAction( // as stored: the kind's default applied
                HostShutdownAction.defaultFor(kind))
            .labels(Map.of("tier", "web"))
            .virtualMachine(
                kind == Kind.VirtualMachine
                    ? new VirtualMachineSpec(
                        2,
                        2048L,
                        List.of(new DiskSpec("os", null, 20, null, null, false)),
                        List.of(),
                        List.of())
                    : null)
            .build();
    DefinitionStatus status =
        new DefinitionStatus(
            phase,
            generation,
            null,
            0,
            0,
            null,
            null,
            null,
            List.of(),
            "{\"version\":2,\"savedStateFile\":\"/secret/state.vmrs\"}");
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    return new Definition(UUID.randomUUID(), generation, at, at, false, 5, 6, spec, status);
  }

  static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
    return request.contentType(MediaType.APPLICATION_JSON).content(body);
  }

  private ResultActions asOperator(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.header("Authorization", OPERATOR));
  }

  /** A problem answer: right media type, fields present, nothing internal leaked. */
  private static void assertProblem(ResultActions result, int status) throws Exception {
    result
        .andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").exists())
        .andExpect(jsonPath("$.title").exists())
        .andExpect(jsonPath("$.status").value(status))
        .andExpect(jsonPath("$.detail").exists())
        .andExpect(jsonPath("$.instance").exists())
        .andExpect(content().string(not(containsString("Exception"))))
        .andExpect(content().string(not(containsString("dev.hcsorchestrator"))))
        .andExpect(content().string(not(containsString("java."))))
        .andExpect(content().string(not(containsString("tools.jackson"))));
  }

  @Test
  void createAnswers201WithLocationEtagAndOnlyPublicFields() throws Exception {
    when(definitions.create(any()))
        .thenReturn(definition("web-01", Kind.VirtualMachine, 1, Phase.Pending));

    asOperator(json(post("/api/v1/definitions"), VM_JSON))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/definitions/web-01"))
        .andExpect(header().string("ETag", "\"1\""))
        .andExpect(jsonPath("$.name").value("web-01"))
        .andExpect(jsonPath("$.generation").value(1))
        .andExpect(jsonPath("$.createdAt").value("2026-11-28T10:00:00Z"))
        .andExpect(jsonPath("$.status.phase").value("Pending"))
        .andExpect(jsonPath("$.status.conditions").isArray())
        .andExpect(jsonPath("$.status.memo").doesNotExist())
        .andExpect(jsonPath("$.id").doesNotExist())
        .andExpect(jsonPath("$.deleting").doesNotExist())
        .andExpect(jsonPath("$.startRequests").doesNotExist())
        .andExpect(jsonPath("$.restartRequests").doesNotExist())
        .andExpect(content().string(not(containsString("state.vmrs"))));
  }

  @Test
  void createOfAnExistingNameAnswers409() throws Exception {
    when(definitions.create(any())).thenThrow(new DefinitionException.Conflict("exists"));
    assertProblem(asOperator(json(post("/api/v1/definitions"), VM_JSON)), 409);
  }

  @Test
  void validationErrorsAnswer400WithOneEntryPerRule() throws Exception {
    when(definitions.create(any()))
        .thenThrow(
            new DefinitionException.Invalid(
                List.of(
                    new DefinitionException.FieldError("virtualMachine.disks[0].sizeGB", "too big"),
                    new DefinitionException.FieldError("name", "bad"))));
    ResultActions result = asOperator(json(post("/api/v1/definitions"), VM_JSON));
    assertProblem(result, 400);
    result
        .andExpect(jsonPath("$.errors.length()").value(2))
        .andExpect(jsonPath("$.errors[0].field").value("virtualMachine.disks[0].sizeGB"))
        .andExpect(jsonPath("$.errors[0].message").value("too big"));
  }

  @Test
  void malformedJsonAnswers400AndStoresNothing() throws Exception {
    assertProblem(asOperator(json(post("/api/v1/definitions"), "{\"name\":")), 400);
    assertProblem(asOperator(json(post("/api/v1/definitions"), "")), 400);
    assertProblem(asOperator(json(post("/api/v1/definitions"), "{} {}")), 400);
    verifyNoInteractions(definitions);
  }

  @Test
  void unknownFieldAnswers400NamingTheField() throws Exception {
    ResultActions result =
        asOperator(
            json(
                post("/api/v1/definitions"),
                "{\"name\":\"a\",\"kind\":\"VirtualMachine\",\"virtualMachine\":{\"cpus\":2}}"));
    assertProblem(result, 400);
    result.andExpect(jsonPath("$.errors[0].field").value("virtualMachine.cpus"));
    verifyNoInteractions(definitions);
  }

  @Test
  void wrongTypesAnswer400NamingTheField() throws Exception {
    for (String[] c :
        new String[][] {
          {"{\"virtualMachine\":{\"processors\":\"two\"}}", "virtualMachine.processors"},
          {"{\"virtualMachine\":{\"processors\":\"2\"}}", "virtualMachine.processors"},
          {"{\"virtualMachine\":{\"processors\":2.5}}", "virtualMachine.processors"},
          {"{\"kind\":\"Robot\"}", "kind"},
          {"{\"labels\":[\"a\"]}", "labels"},
          {"{\"virtualMachine\":{\"disks\":[{\"sizeGB\":{}}]}}", "virtualMachine.disks[0].sizeGB"}
        }) {
      ResultActions result = asOperator(json(post("/api/v1/definitions"), c[0]));
      assertProblem(result, 400);
      result.andExpect(jsonPath("$.errors[0].field").value(c[1]));
    }
    verifyNoInteractions(definitions);
  }

  @Test
  void bodyOverOneMebibyteAnswers413AndStoresNothing() throws Exception {
    String big = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\"}";
    assertProblem(asOperator(json(post("/api/v1/definitions"), big)), 413);
    verifyNoInteractions(definitions);
  }

  @Test
  void putAnswers201WhenCreatedAnd200WhenReplacedHonouringIfMatch() throws Exception {
    Definition d = definition("web-01", Kind.VirtualMachine, 3, Phase.Running);
    when(definitions.put(eq("web-01"), any(), isNull()))
        .thenReturn(new Definitions.PutResult<>(d, true));
    when(definitions.put(eq("web-01"), any(), eq(3L)))
        .thenReturn(new Definitions.PutResult<>(d, false));
    when(definitions.put(eq("web-01"), any(), eq(2L)))
        .thenThrow(new DefinitionException.PreconditionFailed("stale"));

    asOperator(json(put("/api/v1/definitions/web-01"), VM_JSON))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/definitions/web-01"));
    asOperator(json(put("/api/v1/definitions/web-01"), VM_JSON).header("If-Match", "\"3\""))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"3\""));
    assertProblem(
        asOperator(json(put("/api/v1/definitions/web-01"), VM_JSON).header("If-Match", "\"2\"")),
        412);
    assertProblem(
        asOperator(json(put("/api/v1/definitions/web-01"), VM_JSON).header("If-Match", "\"x\"")),
        412);
  }

  @Test
  void getAnswers200WithEtagOr404() throws Exception {
    when(definitions.find("web-01"))
        .thenReturn(Optional.of(definition("web-01", Kind.VirtualMachine, 4, Phase.Running)));
    when(definitions.find("nope")).thenReturn(Optional.empty());

    mvc.perform(get("/api/v1/definitions/web-01").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(header().string("ETag", "\"4\""))
        .andExpect(jsonPath("$.status.phase").value("Running"));
    assertProblem(
        mvc.perform(get("/api/v1/definitions/nope").header("Authorization", VIEWER)), 404);
  }

  @Test
  void listAnswersThePageShapeAndPassesFilters() throws Exception {
    when(definitions.list(any()))
        .thenReturn(
            new DefinitionPage(
                List.of(definition("web-01", Kind.VirtualMachine, 1, Phase.Running)),
                10,
                2,
                21,
                3));

    mvc.perform(
            get("/api/v1/definitions?kind=VirtualMachine&phase=Running&label=tier=web&label=env=a=b&page=2&size=10")
                .header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.content[0].name").value("web-01"))
        .andExpect(jsonPath("$.page.size").value(10))
        .andExpect(jsonPath("$.page.number").value(2))
        .andExpect(jsonPath("$.page.totalElements").value(21))
        .andExpect(jsonPath("$.page.totalPages").value(3));
    ArgumentCaptor<DefinitionQuery> query = ArgumentCaptor.forClass(DefinitionQuery.class);
    verify(definitions).list(query.capture());
    assertThat(query.getValue())
        .isEqualTo(
            new DefinitionQuery(
                Kind.VirtualMachine, Phase.Running, Map.of("tier", "web", "env", "a=b"), 2, 10));
  }

  @Test
  void listRejectsBadQueryParameters() throws Exception {
    for (String[] c :
        new String[][] {
          {"size=501", "size"},
          {"size=0", "size"},
          {"page=-1", "page"},
          {"label=novalue", "label"},
          {"kind=Robot", "kind"},
          {"phase=Dancing", "phase"},
          {"size=ten", "size"}
        }) {
      ResultActions result =
          mvc.perform(get("/api/v1/definitions?" + c[0]).header("Authorization", VIEWER));
      assertProblem(result, 400);
      result.andExpect(jsonPath("$.errors[0].field").value(c[1]));
    }
    verifyNoInteractions(definitions);
  }

  @Test
  void deleteAndActionsAnswer202WithTheDefinition() throws Exception {
    Definition d = definition("web-01", Kind.VirtualMachine, 2, Phase.Running);
    when(definitions.find("web-01")).thenReturn(Optional.of(d));
    when(definitions.requestDeletion(eq("web-01"), any())).thenReturn(d);
    when(definitions.act(eq("web-01"), any(), any())).thenReturn(d);

    asOperator(delete("/api/v1/definitions/web-01"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.name").value("web-01"));
    for (String action : List.of("start", "stop", "restart", "pause", "resume", "save")) {
      asOperator(post("/api/v1/definitions/web-01/" + action))
          .andExpect(status().isAccepted())
          .andExpect(header().string("ETag", "\"2\""));
    }
    for (OwnerAction action : OwnerAction.values()) {
      verify(definitions).act(eq("web-01"), eq(action), any());
    }
  }

  @Test
  void vmOnlyActionsOnAContainerAnswer409() throws Exception {
    when(definitions.act(eq("ctr"), any(), any()))
        .thenThrow(new DefinitionException.Conflict("VM only"));
    assertProblem(asOperator(post("/api/v1/definitions/ctr/resume")), 409);
    assertProblem(asOperator(post("/api/v1/definitions/ctr/pause")), 409);
  }

  @Test
  void actionsOnUnknownDefinitionsAnswer404() throws Exception {
    when(definitions.act(eq("nope"), eq(OwnerAction.Start), any()))
        .thenThrow(new DefinitionException.NotFound("nope"));
    assertProblem(asOperator(post("/api/v1/definitions/nope/start")), 404);
  }

  @Test
  void eventsDefaultToFiftyAndRejectLimitsOverAThousand() throws Exception {
    when(definitions.events(eq("web-01"), anyInt()))
        .thenReturn(
            List.of(
                new DefinitionEvent(
                    Instant.parse("2026-11-28T10:00:00Z"), EventType.Created, "made", null, null)));

    mvc.perform(get("/api/v1/definitions/web-01/events").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].type").value("Created"))
        .andExpect(jsonPath("$[0].at").value("2026-11-28T10:00:00Z"));
    verify(definitions).events("web-01", 50);
    assertProblem(
        mvc.perform(
            get("/api/v1/definitions/web-01/events?limit=1001").header("Authorization", VIEWER)),
        400);
    assertProblem(
        mvc.perform(
            get("/api/v1/definitions/web-01/events?limit=0").header("Authorization", VIEWER)),
        400);
  }

  @Test
  void networksAnswer201200204And409WhenInUse() throws Exception {
    Network nat = new Network("nat", Network.NetworkType.NAT, "172.30.0.0/24", "172.30.0.1");
    when(definitions.putNetwork(nat))
        .thenReturn(new Definitions.PutResult<>(nat, true))
        .thenReturn(new Definitions.PutResult<>(nat, false));
    String body = "{\"type\":\"NAT\",\"subnet\":\"172.30.0.0/24\",\"gateway\":\"172.30.0.1\"}";
    asOperator(json(put("/api/v1/networks/nat"), body))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/networks/nat"))
        .andExpect(jsonPath("$.type").value("NAT"));
    asOperator(json(put("/api/v1/networks/nat"), body)).andExpect(status().isOk());
    assertProblem(
        asOperator(json(put("/api/v1/networks/nat"), "{\"name\":\"other\",\"type\":\"NAT\"}")),
        400);

    asOperator(delete("/api/v1/networks/nat")).andExpect(status().isNoContent());
    org.mockito.Mockito.doThrow(new DefinitionException.Conflict("in use"))
        .when(definitions)
        .deleteNetwork("used");
    assertProblem(asOperator(delete("/api/v1/networks/used")), 409);
    when(definitions.network("gone")).thenReturn(Optional.empty());
    assertProblem(mvc.perform(get("/api/v1/networks/gone").header("Authorization", VIEWER)), 404);
  }

  @Test
  void aNetworkShowsWhatEachHostReportsAndFailsWhenOneCannotMakeIt() throws Exception {
    Network lab = new Network("lab", Network.NetworkType.NAT, "172.30.8.0/24", "172.30.8.1");
    when(definitions.network("lab")).thenReturn(Optional.of(lab));
    when(definitions.networkReports()).thenReturn(List.of());
    mvc.perform(get("/api/v1/networks/lab").header("Authorization", VIEWER))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subnet").value("172.30.8.0/24"))
        .andExpect(jsonPath("$.status.phase").value("Pending"))
        .andExpect(jsonPath("$.status.hosts").isEmpty());

    java.time.Instant at = java.time.Instant.parse("2026-12-07T19:00:00Z");
    when(definitions.networkReports())
        .thenReturn(
            List.of(
                new dev.hcsorchestrator.definition.NetworkOnHost(
                    "lab",
                    "hv-01",
                    dev.hcsorchestrator.definition.NetworkOnHost.State.Ready,
                    null,
                    at),
                new dev.hcsorchestrator.definition.NetworkOnHost(
                    "lab",
                    "hv-02",
                    dev.hcsorchestrator.definition.NetworkOnHost.State.Failed,
                    "overlaps nat",
                    at),
                new dev.hcsorchestrator.definition.NetworkOnHost(
                    "other",
                    "hv-01",
                    dev.hcsorchestrator.definition.NetworkOnHost.State.Ready,
                    null,
                    at)));
    mvc.perform(get("/api/v1/networks/lab").header("Authorization", VIEWER))
        .andExpect(jsonPath("$.status.phase").value("Failed"))
        .andExpect(jsonPath("$.status.message").value("overlaps nat"))
        .andExpect(jsonPath("$.status.hosts.length()").value(2))
        .andExpect(jsonPath("$.status.hosts[0].host").value("hv-01"))
        .andExpect(jsonPath("$.status.hosts[0].phase").value("Ready"))
        .andExpect(jsonPath("$.status.hosts[1].phase").value("Failed"))
        .andExpect(jsonPath("$.status.hosts[1].updatedAt").value("2026-12-07T19:00:00Z"));
    when(definitions.networks()).thenReturn(List.of(lab));
    mvc.perform(get("/api/v1/networks").header("Authorization", VIEWER))
        .andExpect(jsonPath("$[0].status.phase").value("Failed"));
  }

  @Test
  void missingOrWrongTokenAnswers401WithBearerChallenge() throws Exception {
    ResultActions none = mvc.perform(get("/api/v1/definitions"));
    assertProblem(none, 401);
    none.andExpect(header().string("WWW-Authenticate", containsString("Bearer")));
    ResultActions wrong =
        mvc.perform(get("/api/v1/definitions").header("Authorization", "Bearer nope"));
    assertProblem(wrong, 401);
    wrong.andExpect(header().string("WWW-Authenticate", containsString("Bearer")));
    assertProblem(
        mvc.perform(get("/api/v1/definitions").header("Authorization", "Basic b3BzOm9wcw==")), 401);
    assertProblem(mvc.perform(json(post("/api/v1/definitions"), VM_JSON)), 401);
    verifyNoInteractions(definitions);
  }

  @Test
  void viewerMayReadButNotWrite() throws Exception {
    when(definitions.networks()).thenReturn(List.of());
    mvc.perform(get("/api/v1/networks").header("Authorization", VIEWER)).andExpect(status().isOk());
    assertProblem(
        mvc.perform(json(post("/api/v1/definitions"), VM_JSON).header("Authorization", VIEWER)),
        403);
    assertProblem(
        mvc.perform(post("/api/v1/definitions/web-01/stop").header("Authorization", VIEWER)), 403);
    assertProblem(
        mvc.perform(delete("/api/v1/definitions/web-01").header("Authorization", VIEWER)), 403);
    assertProblem(
        mvc.perform(json(put("/api/v1/networks/nat"), "{}").header("Authorization", VIEWER)), 403);
    verify(definitions).networks();
    verify(definitions).networkReports();
    org.mockito.Mockito.verifyNoMoreInteractions(definitions);
  }

  @Test
  void springErrorsAreProblemDetailsToo() throws Exception {
    assertProblem(asOperator(get("/api/v1/unknown")), 404);
    assertProblem(asOperator(patch("/api/v1/definitions/web-01")), 405);
    assertProblem(
        asOperator(
            post("/api/v1/definitions").contentType(MediaType.TEXT_PLAIN).content("name=web")),
        415);
  }

  @Test
  void unexpectedErrorsAnswer500WithoutInternals() throws Exception {
    when(definitions.find("boom")).thenThrow(new IllegalStateException("secret internals"));
    ResultActions result =
        mvc.perform(get("/api/v1/definitions/boom").header("Authorization", VIEWER));
    assertProblem(result, 500);
    result.andExpect(content().string(not(containsString("secret internals"))));
  }

  @Test
  void aWriteTheDatabaseCannotTakeNowAnswers503WithRetryAfter() throws Exception {
    when(definitions.create(any()))
        .thenThrow(
            new CannotCreateTransactionException(
                "Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException(
                    "HikariPool-1 - Connection is not available, request timed out after 10000ms",
                    "08001")));
    ResultActions result = asOperator(json(post("/api/v1/definitions"), VM_JSON));
    assertProblem(result, 503);
    result
        .andExpect(header().string("Retry-After", "10"))
        .andExpect(content().string(not(containsString("Hikari"))));
  }

  /**
   * Posts each body and expects a 400 naming {@code field} with a message containing {@code says}.
   */
  private void rejected(String body, String field, String says) throws Exception {
    ResultActions result = asOperator(json(post("/api/v1/definitions"), body));
    assertProblem(result, 400);
    result
        .andExpect(jsonPath("$.errors[0].field").value(field))
        .andExpect(jsonPath("$.errors[0].message").value(containsString(says)));
  }

  @Test
  void numbersAreNoEnumConstants() throws Exception {
    rejected("{\"desiredState\":1}", "desiredState", "must be one of");
    rejected("{\"restartPolicy\":2}", "restartPolicy", "must be one of");
    rejected("{\"kind\":1}", "kind", "must be one of");
    verifyNoInteractions(definitions);
  }

  @Test
  void numbersAndBooleansAreNoStrings() throws Exception {
    rejected("{\"name\":5}", "name", "expected a string");
    rejected("{\"name\":5.5}", "name", "expected a string");
    rejected("{\"labels\":{\"a\":1}}", "labels['a']", "expected a string");
    rejected(
        "{\"virtualMachine\":{\"disks\":[{\"name\":true}]}}",
        "virtualMachine.disks[0].name",
        "expected a string");
    verifyNoInteractions(definitions);
  }

  @Test
  void duplicateKeysAreRejected() throws Exception {
    ResultActions result =
        asOperator(json(post("/api/v1/definitions"), "{\"name\":\"mj\",\"name\":\"mk\"}"));
    assertProblem(result, 400);
    result.andExpect(content().string(containsString("more than once")));
    asOperator(json(post("/api/v1/definitions"), "{\"labels\":{\"a\":\"x\",\"a\":\"y\"}}"))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(definitions);
  }

  @Test
  void aNumberTooLargeForItsFieldSaysOutOfRange() throws Exception {
    rejected(
        "{\"virtualMachine\":{\"processors\":99999999999999999999}}",
        "virtualMachine.processors",
        "out of range");
    rejected(
        "{\"virtualMachine\":{\"memoryMB\":99999999999999999999}}",
        "virtualMachine.memoryMB",
        "out of range");
    verifyNoInteractions(definitions);
  }

  @Test
  void mapKeysInFieldPathsUseBracketNotation() throws Exception {
    rejected("{\"labels\":{\"bad key\":[1]}}", "labels['bad key']", "");
    rejected("{\"labels\":{\"a.b/c\":{}}}", "labels['a.b/c']", "");
    rejected("{\"labels\":{\"\":false}}", "labels['']", "");
    verifyNoInteractions(definitions);
  }

  @Test
  void aBodyWithoutContentTypeSaysSo() throws Exception {
    ResultActions result = asOperator(post("/api/v1/definitions").content(VM_JSON));
    assertProblem(result, 415);
    result
        .andExpect(jsonPath("$.detail").value(containsString("no Content-Type header")))
        .andExpect(content().string(not(containsString("null"))));
    verifyNoInteractions(definitions);
  }

  @Test
  void anUnknownNetworkTypeIsReportedWithTheOtherBrokenRules() throws Exception {
    when(definitions.putNetwork(any()))
        .thenThrow(
            new DefinitionException.Invalid(
                List.of(
                    new DefinitionException.FieldError("type", "must be one of"),
                    new DefinitionException.FieldError("subnet", "host bits"))));
    ResultActions result =
        asOperator(
            json(
                put("/api/v1/networks/net2"),
                "{\"type\":\"Bridge\",\"subnet\":\"10.1.2.3/16\",\"gateway\":\"10.1.0.1\"}"));
    assertProblem(result, 400);
    result.andExpect(jsonPath("$.errors.length()").value(2));
    verify(definitions).putNetwork(new Network("net2", null, "10.1.2.3/16", "10.1.0.1"));
  }

  @Test
  void theErrorPathItselfAnswers404() throws Exception {
    assertProblem(mvc.perform(get("/error")), 404);
    assertProblem(mvc.perform(post("/error")), 404);
  }
}
