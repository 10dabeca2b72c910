package dev.hcsorchestrator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/openapi.json} is the contract: the served document must equal it (as JSON, key order
 * aside). After a change of the API, regenerate it with
 *
 * <pre>
 * ./mvnw verify -Dit.test=OpenApiDocumentIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true
 * </pre>
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"hcs.reconcile.enabled=false", "hcs.host.mode=simulated"})
class OpenApiDocumentIT {

  static final String REGENERATE =
      "./mvnw verify -Dit.test=OpenApiDocumentIT -Dtest=none"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.write=true";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "openapi-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  @LocalServerPort int port;

  @Test
  void theServedDocumentIsTheCommittedOne() throws Exception {
    HttpResponse<String> served =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    JsonNode document = JSON.readTree(served.body());
    Path committed = OpenApiContract.DOCUMENT;
    if (Boolean.getBoolean("openapi.write")) {
      Files.writeString(
          committed, JSON.writeValueAsString(document) + "\n", StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(committed))
        .withFailMessage("%s is missing; write it with: %s", committed, REGENERATE)
        .isTrue();
    JsonNode expected = JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8));
    assertThat(document)
        .withFailMessage(
            "The served /v3/api-docs differs from %s. If the change is intended, regenerate it"
                + " with: %s",
            committed, REGENERATE)
        .isEqualTo(expected);
  }
}
