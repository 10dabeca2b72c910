package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.contract.OpenApiContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests a careless or hostile client may send: none answers a 5xx, precondition races answer as
 * RFC 9110 says, and every problem has one content type and the usual security headers.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.reconcile.enabled=false",
      "hcs.security.tokens[0].name=ops",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=hostile-it-token"
    })
class HostileClientIT {

  static final String TOKEN = "hostile-it-token";
  static final int RACERS = 8;

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "hostile-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + TOKEN);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return OpenApiContract.conforms(http.send(request.build(), BodyHandlers.ofString()));
  }

  static String vm(String name) {
    return """
        {"name":"%s","kind":"VirtualMachine",
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}]}}
        """
        .formatted(name);
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("\"status\":" + status);
  }

  @Test
  void aParameterWithoutANameIsA400() throws Exception {
    assertProblem(call("GET", "/api/v1/definitions?=x", null), 400);
    assertProblem(call("GET", "/api/v1/definitions?=", null), 400);
    assertThat(call("GET", "/api/v1/definitions?&", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aPageBeyondTheAddressableRangeIsA400OnPage() throws Exception {
    HttpResponse<String> response =
        call("GET", "/api/v1/definitions?page=2147483647&size=500", null);
    assertProblem(response, 400);
    assertThat(response.body()).contains("\"field\":\"page\"");
    assertProblem(call("GET", "/api/v1/definitions?page=-1", null), 400);
    assertProblem(call("GET", "/api/v1/definitions?size=501", null), 400);
    assertProblem(call("GET", "/api/v1/definitions/x/events?limit=2147483647", null), 400);
    assertProblem(call("GET", "/api/v1/definitions?label=novalue", null), 400);
  }

  @Test
  void anUnparsableAcceptHeaderStillGetsAProblemBody() throws Exception {
    assertProblem(call("GET", "/api/v1/definitions", null, "Accept", "foo"), 406);
    assertProblem(call("GET", "/api/v1/definitions", null, "Accept", "text/html"), 406);
  }

  @Test
  void concurrentCreatesOfOneNameGiveExactlyOne201AndOnly409s() throws Exception {
    List<Integer> statuses =
        race(() -> call("POST", "/api/v1/definitions", vm("race-post")).statusCode());
    assertThat(statuses).containsOnly(201, 409);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
  }

  @Test
  void concurrentPutCreatesOfOneNameCreateOnceAndReplaceOtherwise() throws Exception {
    List<Integer> statuses =
        race(() -> call("PUT", "/api/v1/definitions/race-put", vm("race-put")).statusCode());
    assertThat(statuses).containsOnly(200, 201);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
  }

  @Test
  void createOnlyPutsRacingGiveOne201AndOnly412s() throws Exception {
    List<Integer> statuses =
        race(
            () ->
                call(
                        "PUT",
                        "/api/v1/definitions/race-create-only",
                        vm("race-create-only"),
                        "If-None-Match",
                        "*")
                    .statusCode());
    assertThat(statuses).containsOnly(201, 412);
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
  }

  @Test
  void aLostIfMatchRaceIs412NeverA409() throws Exception {
    assertThat(call("POST", "/api/v1/definitions", vm("race-match")).statusCode()).isEqualTo(201);
    String changed = vm("race-match").replace("\"processors\":1", "\"processors\":2");
    List<Integer> statuses =
        race(
            () ->
                call("PUT", "/api/v1/definitions/race-match", changed, "If-Match", "\"1\"")
                    .statusCode());
    assertThat(statuses).containsOnly(200, 412);
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
  }

  @Test
  void ifNoneMatchStarOnPutCreatesOnly() throws Exception {
    HttpResponse<String> created =
        call("PUT", "/api/v1/definitions/only-once", vm("only-once"), "If-None-Match", "*");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
    assertProblem(
        call("PUT", "/api/v1/definitions/only-once", vm("only-once"), "If-None-Match", "*"), 412);
    // A list that does not name the current tag lets the replacement through, one that does not.
    assertThat(
            call("PUT", "/api/v1/definitions/only-once", vm("only-once"), "If-None-Match", "\"7\"")
                .statusCode())
        .isEqualTo(200);
    assertProblem(
        call("PUT", "/api/v1/definitions/only-once", vm("only-once"), "If-None-Match", "W/\"1\""),
        412);
  }

  @Test
  void ifMatchComparesStronglyAndAMalformedOneIsA400() throws Exception {
    assertThat(call("POST", "/api/v1/definitions", vm("tags")).statusCode()).isEqualTo(201);
    assertProblem(call("PUT", "/api/v1/definitions/tags", vm("tags"), "If-Match", "1"), 400);
    assertProblem(call("PUT", "/api/v1/definitions/tags", vm("tags"), "If-Match", "\"1"), 400);
    assertProblem(call("PUT", "/api/v1/definitions/tags", vm("tags"), "If-Match", "W/\"1\""), 412);
    assertProblem(call("PUT", "/api/v1/definitions/tags", vm("tags"), "If-Match", "\"x\""), 412);
    assertProblem(call("PUT", "/api/v1/definitions/absent", vm("absent"), "If-Match", "*"), 412);
    assertThat(
            call("PUT", "/api/v1/definitions/tags", vm("tags"), "If-Match", "\"9\", \"1\"")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void deleteAndActionsHonourIfMatchAndAStaleOneChangesNothing() throws Exception {
    assertThat(call("POST", "/api/v1/definitions", vm("guarded")).statusCode()).isEqualTo(201);
    String path = "/api/v1/definitions/guarded";
    assertProblem(call("POST", path + "/stop", null, "If-Match", "\"2\""), 412);
    assertProblem(call("POST", path + "/stop", null, "If-Match", "W/\"1\""), 412);
    assertProblem(call("POST", path + "/stop", null, "If-Match", "1"), 400);
    assertThat(call("GET", path, null).body()).contains("\"desiredState\":\"Running\"");
    HttpResponse<String> stopped = call("POST", path + "/stop", null, "If-Match", "\"1\"");
    assertThat(stopped.statusCode()).isEqualTo(202);
    assertThat(stopped.headers().firstValue("ETag")).hasValue("\"2\"");

    assertProblem(call("DELETE", path, null, "If-Match", "\"1\""), 412);
    assertThat(call("GET", path, null).body()).doesNotContain("\"Deleting\"");
    assertThat(call("DELETE", path, null, "If-Match", "\"2\"").statusCode()).isEqualTo(202);
  }

  @Test
  void tomcatsOwnErrorsCarryTheSameTypeAndSecurityHeadersAsOtherProblems() throws Exception {
    HttpResponse<String> application = call("GET", "/api/v1/definitions/nope", null);
    assertProblem(application, 404);
    Map<String, String> tomcat = raw("GET /api/v1/definitions/a%2Fb HTTP/1.1");
    assertThat(tomcat.get(":status")).isEqualTo("400");
    assertThat(tomcat.get("content-type")).isEqualTo("application/problem+json");
    for (String name : Problems.SECURITY_HEADERS.keySet()) {
      assertThat(tomcat.get(name.toLowerCase(Locale.ROOT)))
          .as(name)
          .isEqualTo(application.headers().firstValue(name).orElse(null))
          .isNotNull();
    }
    // Spring Security adds no header the valve lacks.
    for (String name : application.headers().map().keySet()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("x-")
          || List.of("cache-control", "pragma", "expires")
              .contains(name.toLowerCase(Locale.ROOT))) {
        assertThat(tomcat).containsKey(name.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** One request written by hand (java.net.http refuses such paths), its status and headers. */
  private Map<String, String> raw(String requestLine) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String[] lines = response.split("\r\n");
      Map<String, String> headers = new java.util.HashMap<>();
      headers.put(":status", lines[0].split(" ")[1]);
      for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      return headers;
    }
  }

  private static List<Integer> race(Callable<Integer> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBodyOfNullsIsRefusedWithAShortAnswer() throws Exception {
    StringBuilder nulls =
        new StringBuilder(
            "{\"name\":\"nulls\",\"kind\":\"Container\",\"container\":{\"layers\":[\"/l\"],"
                + "\"command\":\"run\",\"mappedDirectories\":[null");
    while (nulls.length() < 1024 * 1024 - 100) {
      nulls.append(",null");
    }
    nulls.append("]}}");

    HttpResponse<String> response = call("PUT", "/api/v1/definitions/nulls", nulls.toString());

    assertProblem(response, 400);
    assertThat(response.body().length()).isLessThan(20_000);
    assertThat(response.body())
        .contains("errors lists the first 100,")
        .contains("more are left out");
    assertThat(call("GET", "/api/v1/definitions/nulls", null).statusCode()).isEqualTo(404);
  }
}
