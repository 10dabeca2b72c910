package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.contract.OpenApiContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service over real HTTP with real tokens and the H2 file database. The reconciler's
 * workers stay out, so the phases seen are the ones the API itself sets.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.reconcile.enabled=false",
      "hcs.security.tokens[0].name=ops",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=it-operator-token",
      "hcs.security.tokens[1].name=view",
      "hcs.security.tokens[1].role=viewer",
      "hcs.security.tokens[1].value=it-viewer-token"
    })
class ApiFlowIT {

  static final String OPERATOR = "it-operator-token";
  static final String VIEWER = "it-viewer-token";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "api-flow-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  record Answer(int status, HttpResponse<String> raw) {
    JsonNode json() {
      return JSON.readTree(raw.body());
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private Answer call(String method, String path, String token, String body) throws Exception {
    return call(
        method,
        path,
        token,
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body),
        null);
  }

  private Answer call(String method, String path, String token, BodyPublisher body, String ifMatch)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body)
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    HttpResponse<String> response =
        OpenApiContract.conforms(http.send(request.build(), BodyHandlers.ofString()));
    return new Answer(response.statusCode(), response);
  }

  static String vm(String name, String labels) {
    return """
        {"name":"%s","kind":"VirtualMachine","labels":%s,
         "virtualMachine":{"processors":2,"memoryMB":2048,"disks":[{"name":"os","sizeGB":20}]}}
        """
        .formatted(name, labels);
  }

  @Test
  void withoutATokenEveryApiCallAnswers401() throws Exception {
    Answer list = call("GET", "/api/v1/definitions", null, null);
    assertThat(list.status()).isEqualTo(401);
    assertThat(list.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(list.header("Content-Type")).startsWith("application/problem+json");
    assertThat(call("POST", "/api/v1/definitions", null, vm("anon", "{}")).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/definitions", "wrong", null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/v1/definitions/anon", OPERATOR, null).status()).isEqualTo(404);
  }

  @Test
  void aViewerMayReadButGets403ForAnyChange() throws Exception {
    assertThat(call("GET", "/api/v1/definitions", VIEWER, null).status()).isEqualTo(200);
    Answer post = call("POST", "/api/v1/definitions", VIEWER, vm("by-viewer", "{}"));
    assertThat(post.status()).isEqualTo(403);
    assertThat(post.json().get("status").asInt()).isEqualTo(403);
    assertThat(call("GET", "/api/v1/definitions/by-viewer", VIEWER, null).status()).isEqualTo(404);
  }

  @Test
  void anOperatorManagesADefinitionThroughItsWholeLife() throws Exception {
    Answer created =
        call("POST", "/api/v1/definitions", OPERATOR, vm("flow-01", "{\"tier\":\"web\"}"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/definitions/flow-01");
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    assertThat(created.json().at("/status/phase").asString()).isEqualTo("Pending");
    assertThat(created.json().get("desiredState").asString()).isEqualTo("Running");

    assertThat(call("POST", "/api/v1/definitions", OPERATOR, vm("flow-01", "{}")).status())
        .isEqualTo(409);

    Answer got = call("GET", "/api/v1/definitions/flow-01", VIEWER, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("ETag")).isEqualTo("\"1\"");

    Answer listed =
        call("GET", "/api/v1/definitions?label=tier=web&kind=VirtualMachine", VIEWER, null);
    assertThat(listed.json().at("/content/0/name").asString()).isEqualTo("flow-01");
    assertThat(listed.json().at("/page/totalElements").asLong()).isEqualTo(1);

    Answer stopped = call("POST", "/api/v1/definitions/flow-01/stop", OPERATOR, null);
    assertThat(stopped.status()).isEqualTo(202);
    assertThat(stopped.json().get("desiredState").asString()).isEqualTo("Stopped");
    assertThat(stopped.json().get("generation").asLong()).isEqualTo(2);

    Answer stale =
        call(
            "PUT",
            "/api/v1/definitions/flow-01",
            OPERATOR,
            BodyPublishers.ofString(vm("flow-01", "{}")),
            "\"1\"");
    assertThat(stale.status()).isEqualTo(412);
    Answer replaced =
        call(
            "PUT",
            "/api/v1/definitions/flow-01",
            OPERATOR,
            BodyPublishers.ofString(
                vm("flow-01", "{\"tier\":\"db\"}")
                    .replace("\"kind\"", "\"desiredState\":\"Stopped\",\"kind\"")),
            "\"2\"");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().get("generation").asLong()).isEqualTo(3);

    Answer started = call("POST", "/api/v1/definitions/flow-01/start", OPERATOR, null);
    assertThat(started.status()).isEqualTo(202);
    assertThat(started.json().get("desiredState").asString()).isEqualTo("Running");

    Answer events = call("GET", "/api/v1/definitions/flow-01/events?limit=10", VIEWER, null);
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.json().findValuesAsString("type"))
        .contains("Created", "Updated", "DesiredStateChanged");

    // What follows the delete holds only while no reconciler worker finishes the delete meanwhile
    // (it would then answer 404 instead of Deleting/409 under load): the workers must be out.
    assertThat(context.containsBean("reconcileWorkers"))
        .as("hcs.reconcile.enabled=false keeps the reconciler's workers out of this context")
        .isFalse();
    Answer deleted = call("DELETE", "/api/v1/definitions/flow-01", OPERATOR, null);
    assertThat(deleted.status()).isEqualTo(202);
    assertThat(deleted.json().at("/status/phase").asString()).isEqualTo("Deleting");
    assertThat(
            call("GET", "/api/v1/definitions/flow-01", VIEWER, null)
                .json()
                .at("/status/phase")
                .asString())
        .isEqualTo("Deleting");
    assertThat(call("POST", "/api/v1/definitions/flow-01/start", OPERATOR, null).status())
        .isEqualTo(409);
  }

  @Test
  void rejectedRequestsStoreNothing() throws Exception {
    Answer invalid =
        call(
            "POST",
            "/api/v1/definitions",
            OPERATOR,
            """
            {"name":"rejected-1","kind":"VirtualMachine",
             "virtualMachine":{"processors":2,"memoryMB":2048,
               "disks":[{"name":"os","sizeGB":0},{"name":"img","parent":"relative.vhdx"}]}}
            """);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
    assertThat(invalid.json().get("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder(
            "virtualMachine.disks[0].sizeGB", "virtualMachine.disks[1].parent");

    Answer unknownField =
        call(
            "POST",
            "/api/v1/definitions",
            OPERATOR,
            vm("rejected-1", "{}").replace("\"labels\"", "\"color\":1,\"labels\""));
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.json().at("/errors/0/field").asString()).isEqualTo("color");

    // Chunked upload without Content-Length: the streamed bytes are counted.
    byte[] big = ("{\"name\":\"rejected-1\",\"x\":\"" + "a".repeat(1024 * 1024) + "\"}").getBytes();
    Answer tooLarge =
        call(
            "POST",
            "/api/v1/definitions",
            OPERATOR,
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)),
            null);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(call("POST", "/api/v1/definitions", OPERATOR, "{\"name\":").status()).isEqualTo(400);

    assertThat(call("GET", "/api/v1/definitions/rejected-1", VIEWER, null).status()).isEqualTo(404);
  }

  @Test
  void aNetworkInUseCannotBeDeleted() throws Exception {
    Answer network =
        call(
            "PUT",
            "/api/v1/networks/it-nat",
            OPERATOR,
            "{\"type\":\"NAT\",\"subnet\":\"172.31.0.0/24\",\"gateway\":\"172.31.0.1\"}");
    assertThat(network.status()).isEqualTo(201);
    Answer vm =
        call(
            "POST",
            "/api/v1/definitions",
            OPERATOR,
            """
            {"name":"on-nat","kind":"VirtualMachine","desiredState":"Stopped",
             "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
               "networkAdapters":[{"name":"nic0","network":"it-nat"}]}}
            """);
    assertThat(vm.status()).isEqualTo(201);
    Answer unknownNetwork =
        call(
            "POST",
            "/api/v1/definitions",
            OPERATOR,
            """
                {"name":"on-nowhere","kind":"VirtualMachine",
                 "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
                   "networkAdapters":[{"name":"nic0","network":"nowhere"}]}}
                """);
    // a request never asks the host: a network neither declared nor on the host is the
    // reconciler's to report (the definition becomes Failed, saying so)
    assertThat(unknownNetwork.status()).isEqualTo(201);

    Answer inUse = call("DELETE", "/api/v1/networks/it-nat", OPERATOR, null);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.json().get("detail").asString()).contains("definition 'on-nat'");
    assertThat(call("GET", "/api/v1/networks/it-nat", VIEWER, null).status()).isEqualTo(200);
  }

  @Test
  void actuatorShowsHealthDetailsOnlyToAuthenticatedCallersAndMetricsOpenly() throws Exception {
    // Overall health includes the reconciler, whose workers this test leaves out: UP or not, the
    // endpoint is open and shows details only to a caller with a token.
    Answer anonymous = call("GET", "/actuator/health", null, null);
    assertThat(anonymous.status()).isIn(200, 503);
    assertThat(anonymous.json().has("status")).isTrue();
    assertThat(anonymous.json().has("components")).isFalse();
    Answer authenticated = call("GET", "/actuator/health", VIEWER, null);
    assertThat(authenticated.json().has("components")).isTrue();
    assertThat(call("GET", "/actuator/health/liveness", null, null).status()).isEqualTo(200);
    Answer readiness = call("GET", "/actuator/health/readiness", null, null);
    assertThat(readiness.status()).isIn(200, 503);
    assertThat(readiness.json().has("status")).isTrue();
    assertThat(readiness.json().has("components")).isFalse();
    Answer metrics = call("GET", "/actuator/prometheus", null, null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw().body()).contains("jvm_memory_used_bytes");
    assertThat(call("GET", "/actuator/env", OPERATOR, null).status()).isEqualTo(404);
    assertThat(call("GET", "/actuator/beans", null, null).status()).isIn(401, 404);
  }

  @Test
  void errorsOutsideSpringMvcAreProblemDetailsWithoutInternals() throws Exception {
    // Rejected by Spring Security's firewall before any controller: answered through /error.
    Answer rejected = call("GET", "/api/v1/definitions;x=%2e%2e", VIEWER, null);
    assertThat(rejected.status()).isBetween(400, 499);
    assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
    assertThat(rejected.raw().body()).doesNotContain("Exception", "dev.hcsorchestrator", "java.");
    Answer unknown = call("GET", "/no/such/path", null, null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void malformedUrlsRejectedByTomcatAreProblemDetailsToo() throws Exception {
    for (String path :
        new String[] {
          "/api/v1/definitions/a%2Fb",
          "/api/v1/definitions/a%5Cb",
          "/api/v1/definitions/a%00b",
          "/api/v1/definitions/a%zz",
          "/api/v1/definitions/" + "a".repeat(9000)
        }) {
      String[] answer = rawGet(path);
      assertThat(Integer.parseInt(answer[0])).as(path).isBetween(400, 499);
      assertThat(answer[1]).as(path).startsWith("application/problem+json");
      assertThat(JSON.readTree(answer[2]).get("status").asString()).as(path).isEqualTo(answer[0]);
      assertThat(answer[2])
          .as(path)
          .doesNotContain("Exception", "Tomcat", "<html", "java.", "org.apache");
    }
  }

  /**
   * {status, Content-Type, body} of a GET sent byte for byte: java.net.http refuses the malformed
   * paths that this is about.
   */
  private String[] rawGet(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                      + VIEWER
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headersEnd = response.indexOf("\r\n\r\n");
      String head = response.substring(0, headersEnd);
      String body = response.substring(headersEnd + 4);
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
      }
      String contentType =
          head.lines()
              .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("");
      return new String[] {head.split(" ")[1], contentType, body};
    }
  }

  @Test
  void theErrorPathAnswersLikeAnyUnknownPath() throws Exception {
    for (String method : new String[] {"GET", "POST"}) {
      Answer error = call(method, "/error", null, null);
      assertThat(error.status()).as(method).isEqualTo(404);
      assertThat(error.header("Content-Type")).startsWith("application/problem+json");
      assertThat(error.json().get("detail").asString()).isEqualTo("Nothing is served at this path");
    }
  }

  @Test
  void healthWithAWrongTokenAnswersAsForAnAnonymousCaller() throws Exception {
    Answer health = call("GET", "/actuator/health", "wrong", null);
    assertThat(health.status()).isIn(200, 503);
    assertThat(health.json().has("status")).isTrue();
    assertThat(health.json().has("components")).isFalse();
    assertThat(call("GET", "/actuator/health/liveness", "wrong", null).status()).isEqualTo(200);
    assertThat(call("GET", "/actuator/prometheus", "wrong", null).status()).isEqualTo(200);
    // Everywhere else a wrong token still answers 401.
    assertThat(call("GET", "/api/v1/networks", "wrong", null).status()).isEqualTo(401);
  }
}
