package dev.hcsorchestrator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random mutations of valid definitions and networks against the running service: never a 5xx,
 * every refusal a problem body, and every response inside the OpenAPI document. Bounded by tries.
 */
class ApiSweepIT {

  private static final String TOKEN = "sweep-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static ConfigurableApplicationContext context;
  private static String base;

  @BeforeContainer
  static void start() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sweep-it-");
    context =
        new SpringApplicationBuilder(HcsOrchestratorApplication.class)
            .run(
                "--hcs.data-dir=" + dir,
                "--hcs.host.mode=simulated",
                "--hcs.reconcile.enabled=false",
                "--server.port=0",
                "--hcs.security.tokens[0].name=sweep",
                "--hcs.security.tokens[0].role=operator",
                "--hcs.security.tokens[0].value=" + TOKEN);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    base = "http://127.0.0.1:" + port;
  }

  /** After every property: what the sweep got stored still passes the rules that let it in. */
  @AfterContainer
  static void storedDefinitionsStillFitAndStop() throws Exception {
    try {
      everyStoredDefinitionStillPassesValidation();
    } finally {
      if (context != null) {
        context.close();
      }
    }
  }

  static final String VALID_VM =
      """
      {"name":"NAME","kind":"VirtualMachine","labels":{"k":"v"},
       "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}]}}
      """;

  @Provide
  Arbitrary<String> strangeValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80).map(ApiSweepIT::quoted),
        Arbitraries.strings()
            .withChars("\u0000\ud800\udc00\u202e=/\\.:*?\"<>| ")
            .ofMaxLength(20)
            .map(ApiSweepIT::quoted),
        Arbitraries.of(
            "\"../../etc/passwd\"",
            "\"C:\\\\Windows\\\\System32\"",
            "\"\\\\\\\\?\\\\C:\\\\x\"",
            "\"\\u0000\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"\\u202e\"",
            "99999999999999999999999",
            "-1",
            "0",
            "1e308",
            "2147483648",
            "9223372036854775807",
            "true",
            "null",
            "[]",
            "{}",
            "[[[[[[[[[[]]]]]]]]]]",
            "{\"a\":{\"b\":{\"c\":{}}}}",
            "\"" + "x".repeat(5000) + "\""));
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of(
        "name",
        "kind",
        "desiredState",
        "restartPolicy",
        "maxRestarts",
        "shutdownTimeoutSeconds",
        "labels",
        "virtualMachine",
        "virtualMachine.processors",
        "virtualMachine.memoryMB",
        "virtualMachine.disks",
        "virtualMachine.disks.0",
        "virtualMachine.disks.0.name",
        "virtualMachine.disks.0.sizeGB",
        "virtualMachine.disks.0.path",
        "virtualMachine.disks.0.parent",
        "virtualMachine.disks.0.iso",
        "virtualMachine.networkAdapters",
        "virtualMachine.hvSockets",
        "labels.k",
        "container");
  }

  @Property(tries = 150)
  void aMutatedDefinitionIsStoredValidOrRefusedWithAProblem(
      @ForAll("fields") String field,
      @ForAll("strangeValues") String value,
      @ForAll("names") String name)
      throws Exception {
    String body = mutate(VALID_VM.replace("NAME", "sweep-" + name), field, value);
    HttpResponse<String> created = send("POST", "/api/v1/definitions", body);
    assertSane(created);
    HttpResponse<String> put = send("PUT", "/api/v1/definitions/sweep-" + name, body);
    assertSane(put);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
  }

  @Property(tries = 60)
  void aMutatedNetworkIsStoredOrRefusedWithAProblem(
      @ForAll("networkFields") String field, @ForAll("strangeValues") String value)
      throws Exception {
    String body =
        mutate(
            "{\"type\":\"NAT\",\"subnet\":\"10.77.0.0/16\",\"gateway\":\"10.77.0.1\"}",
            field,
            value);
    assertSane(send("PUT", "/api/v1/networks/sweepnet", body));
  }

  @Provide
  Arbitrary<String> networkFields() {
    return Arbitraries.of("name", "type", "subnet", "gateway");
  }

  @Property(tries = 40)
  void oddPathsAndQueriesNeverAnswer5xx(@ForAll("pathsAndQueries") String pathAndQuery)
      throws Exception {
    HttpResponse<String> response;
    try {
      response = send("GET", "/api/v1/definitions" + pathAndQuery, null);
    } catch (IllegalArgumentException refusedByTheClient) {
      return; // java.net.http would not send it
    }
    assertThat(response.statusCode()).as(pathAndQuery).isLessThan(500);
  }

  @Provide
  Arbitrary<String> pathsAndQueries() {
    Arbitrary<String> parts =
        Arbitraries.of(
            "?=x",
            "?&",
            "?page=2147483647&size=500",
            "?size=0",
            "?label=",
            "?label=a",
            "?label==",
            "?kind=x",
            "/%2e%2e",
            "/a%00b",
            "/..%2f",
            "/%ff",
            "?page=1e3",
            "/x/events?limit=0",
            "/x/events?limit=99999999999",
            "/x/hcs-document",
            "?label=a=b=c");
    return Combinators.combine(parts, parts).as((a, b) -> a.startsWith("?") ? a : a + b);
  }

  private static void everyStoredDefinitionStillPassesValidation() throws Exception {
    HttpResponse<String> listed = send("GET", "/api/v1/definitions?size=500", null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(listed.body()).at("/page/totalElements").asLong())
        .as("the sweep stored some definitions")
        .isPositive();
    for (JsonNode definition : JSON.readTree(listed.body()).get("content")) {
      // Re-submitting what the service stored must pass the same rules that let it in.
      String name = definition.get("name").asString();
      var spec = (tools.jackson.databind.node.ObjectNode) definition.deepCopy();
      for (String serverField : List.of("generation", "createdAt", "updatedAt", "status")) {
        spec.remove(serverField);
      }
      HttpResponse<String> again =
          send("PUT", "/api/v1/definitions/" + name, JSON.writeValueAsString(spec));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    }
  }

  private static void assertSane(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isLessThan(500);
    if (response.statusCode() >= 400) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(JSON.readTree(response.body()).get("status").asInt())
          .isEqualTo(response.statusCode());
    }
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return OpenApiContract.conforms(
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** The JSON text with the value at a dotted path replaced by {@code value} (raw JSON). */
  private static String mutate(String json, String field, String value) {
    JsonNode root = JSON.readTree(json);
    String[] parts = field.split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < parts.length - 1 && parent != null; i++) {
      parent =
          parts[i].matches("\\d+") ? parent.get(Integer.parseInt(parts[i])) : parent.get(parts[i]);
    }
    String marker = "\"__MUTATED__\"";
    String last = parts[parts.length - 1];
    if (parent instanceof tools.jackson.databind.node.ObjectNode o) {
      o.put(last, "__MUTATED__");
    } else if (parent instanceof tools.jackson.databind.node.ArrayNode a && last.matches("\\d+")) {
      a.set(Integer.parseInt(last), JSON.getNodeFactory().stringNode("__MUTATED__"));
    } else {
      return json;
    }
    return JSON.writeValueAsString(root).replace(marker, value);
  }

  private static String quoted(String s) {
    return JSON.writeValueAsString(s);
  }
}
