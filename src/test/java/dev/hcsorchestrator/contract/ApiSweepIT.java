package dev.hcsorchestrator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.Generate.oneOf;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random mutations of valid definitions and networks against the running service: never a 5xx,
 * every refusal a problem body, and every response inside the OpenAPI document. Bounded by tries,
 * with a fixed seed so that a failure repeats (QuickTheories shrinks it to a small example).
 */
class ApiSweepIT {

  private static final String TOKEN = "sweep-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static ConfigurableApplicationContext context;
  private static String base;
  // owner-named paths that leave the image root through a link, or climb out with ..
  private static List<String> escapingPaths;
  private static Path outsideFile;

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sweep-it-");
    Path images = Files.createDirectories(dir.resolve("images"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    outsideFile = Files.writeString(outside.resolve("base.vhdx"), "not ours");
    Files.createSymbolicLink(images.resolve("escape"), outside);
    Files.createSymbolicLink(images.resolve("linked.vhdx"), outside.resolve("base.vhdx"));
    escapingPaths =
        List.of(
            quoted(images.resolve("escape").resolve("base.vhdx").toString()),
            quoted(images.resolve("linked.vhdx").toString()),
            quoted(images + "/../outside/base.vhdx"),
            quoted(images.resolve("escape").resolve("new.vhdx").toString()));
    context =
        new SpringApplicationBuilder(HcsOrchestratorApplication.class)
            .run(
                "--hcs.data-dir=" + dir,
                "--hcs.host.mode=simulated",
                "--hcs.storage.image-roots[0]=" + images,
                "--hcs.reconcile.enabled=false",
                "--server.port=0",
                "--hcs.security.tokens[0].name=sweep",
                "--hcs.security.tokens[0].role=operator",
                "--hcs.security.tokens[0].value=" + TOKEN);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    base = "http://127.0.0.1:" + port;
  }

  private static QuickTheory tries(int examples) {
    return QuickTheory.qt().withFixedSeed(20261201L).withExamples(examples).withShrinkCycles(20);
  }

  /** After every property: what the sweep got stored still passes the rules that let it in. */
  @AfterAll
  static void storedDefinitionsStillFitAndStop() throws Exception {
    try {
      everyStoredDefinitionStillPassesValidation();
      assertThat(outsideFile).as("a file outside every root").hasContent("not ours");
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

  /**
   * Values of every JSON kind, strings with NUL, lone surrogates and bidi controls, huge numbers.
   */
  static Gen<String> strangeValues() {
    Gen<String> special =
        lists()
            .of(
                pick(
                    List.of(
                        "\u0000", "\ud800", "\udc00", "\u202e", "=", "/", "\\", ".", ":", "*", "?",
                        "\"", "<", ">", "|", " ")))
            .ofSizeBetween(0, 20)
            .map(parts -> quoted(String.join("", parts)));
    return oneOf(
        pick(escapingPaths),
        strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 80).map(ApiSweepIT::quoted),
        special,
        pick(
            List.of(
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
                "\"" + "x".repeat(5000) + "\"")));
  }

  static Gen<String> fields() {
    return pick(
        List.of(
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
            "container"));
  }

  @Test
  void aMutatedDefinitionIsStoredValidOrRefusedWithAProblem() {
    tries(150)
        .forAll(fields(), strangeValues(), names())
        .checkAssert(
            (field, value, name) -> {
              String body = mutate(VALID_VM.replace("NAME", "sweep-" + name), field, value);
              assertSane(send("POST", "/api/v1/definitions", body));
              assertSane(send("PUT", "/api/v1/definitions/sweep-" + name, body));
            });
  }

  static Gen<String> names() {
    return strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 12);
  }

  @Test
  void aMutatedNetworkIsStoredOrRefusedWithAProblem() {
    tries(60)
        .forAll(networkFields(), strangeValues())
        .checkAssert(
            (field, value) ->
                assertSane(
                    send(
                        "PUT",
                        "/api/v1/networks/sweepnet",
                        mutate(
                            "{\"type\":\"NAT\",\"subnet\":\"10.77.0.0/16\",\"gateway\":\"10.77.0.1\"}",
                            field,
                            value))));
  }

  static Gen<String> networkFields() {
    return pick(List.of("name", "type", "subnet", "gateway"));
  }

  @Test
  void oddPathsAndQueriesNeverAnswer5xx() {
    tries(40)
        .forAll(pathsAndQueries())
        .checkAssert(
            pathAndQuery -> {
              HttpResponse<String> response;
              try {
                response = send("GET", "/api/v1/definitions" + pathAndQuery, null);
              } catch (IllegalArgumentException refusedByTheClient) {
                return; // java.net.http would not send it
              }
              assertThat(response.statusCode()).as(pathAndQuery).isLessThan(500);
            });
  }

  static Gen<String> pathsAndQueries() {
    Gen<String> parts =
        pick(
            List.of(
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
                "?label=a=b=c"));
    return parts.zip(parts, (a, b) -> a.startsWith("?") ? a : a + b);
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

  private static HttpResponse<String> send(String method, String path, String body) {
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
    try {
      return OpenApiContract.conforms(
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
