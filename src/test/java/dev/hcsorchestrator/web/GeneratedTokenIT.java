package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A start without configured tokens: the generated operator token works over HTTP and survives a
 * restart; {@code hcs.security.metrics-require-auth} closes the metrics; bad properties stop the
 * start naming the property.
 */
class GeneratedTokenIT {

  private final HttpClient http = HttpClient.newHttpClient();

  private static ConfigurableApplicationContext start(Path dataDir, String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "--hcs.data-dir=" + dataDir;
    args[1] = "--server.port=0";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class).run(args);
  }

  private int status(ConfigurableApplicationContext context, String path, String token)
      throws Exception {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), BodyHandlers.discarding()).statusCode();
  }

  @Test
  void generatedOperatorTokenWorksSurvivesARestartAndOpensProtectedMetrics() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "token-it-");
    String token;
    try (var context = start(dir, "--hcs.security.metrics-require-auth=true")) {
      token = Files.readString(dir.resolve("operator.token")).trim();
      assertThat(status(context, "/api/v1/definitions", token)).isEqualTo(200);
      assertThat(status(context, "/api/v1/definitions", null)).isEqualTo(401);
      assertThat(status(context, "/actuator/prometheus", null)).isEqualTo(401);
      assertThat(status(context, "/actuator/prometheus", token)).isEqualTo(200);
      // Open without a token (503 only while the reconciler's first resync is still running).
      assertThat(status(context, "/actuator/health", null)).isIn(200, 503);
    }
    try (var context = start(dir)) {
      assertThat(Files.readString(dir.resolve("operator.token")).trim()).isEqualTo(token);
      assertThat(status(context, "/api/v1/networks", token)).isEqualTo(200);
    }
  }

  @Test
  void aBadPropertyStopsTheStartNamingIt() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bad-config-it-");
    assertThatThrownBy(() -> start(dir, "--hcs.reconcile.workers=0").close())
        .hasStackTraceContaining("hcs.reconcile.workers");
    assertThatThrownBy(() -> start(dir, "--hcs.host.mode=sometimes").close())
        .hasStackTraceContaining("hcs.host.mode");
  }
}
