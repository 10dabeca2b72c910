package dev.hcsorchestrator.host.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import dev.hcsorchestrator.contract.OpenApiContract;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostEvent;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The simulated host inside the running service: its control endpoints behind the API's access
 * rules, its exit events reaching the typed host, the operation metric in Prometheus, and systems
 * outliving a restart of the service. Systems here belong to another owner, so that a reconciler
 * running in the same service leaves them alone.
 */
class SimulatedHostIT {

  private static final String OPERATOR = "sim-it-operator";
  private static final String VIEWER = "sim-it-viewer";
  private static final String FOREIGN = "someone-else";

  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigurableApplicationContext context;

  @AfterEach
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  private ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class)
        .run(
            "--hcs.data-dir=" + dataDir,
            "--hcs.host.mode=simulated",
            "--server.port=0",
            "--hcs.security.tokens[0].name=op",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=" + OPERATOR,
            "--hcs.security.tokens[1].name=view",
            "--hcs.security.tokens[1].role=viewer",
            "--hcs.security.tokens[1].value=" + VIEWER);
  }

  private HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return OpenApiContract.conforms(
        http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void simulatedHostServesItsControlsAndKeepsSystemsAcrossARestart() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dataDir =
        Files.createTempDirectory(Path.of("target").toAbsolutePath(), "simulated-host-it-");
    context = start(dataDir);
    String foreign =
        "{\"id\":\"f-1\",\"owner\":\"" + FOREIGN + "\",\"systemType\":\"VirtualMachine\"}";

    assertThat(call("POST", "/api/v1/simulator/compute-systems", null, foreign).statusCode())
        .isEqualTo(401);
    assertThat(call("POST", "/api/v1/simulator/compute-systems", VIEWER, foreign).statusCode())
        .isEqualTo(403);
    assertThat(call("POST", "/api/v1/simulator/compute-systems", OPERATOR, foreign).statusCode())
        .isEqualTo(201);
    assertThat(
            call(
                    "POST",
                    "/api/v1/simulator/compute-systems",
                    OPERATOR,
                    "{\"id\":\"f-2\",\"owner\":\"" + FOREIGN + "\",\"systemType\":\"Container\"}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> listed = call("GET", "/api/v1/simulator/compute-systems", VIEWER, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("\"f-1\"").contains("\"f-2\"");

    HttpResponse<String> badFault =
        call(
            "POST",
            "/api/v1/simulator/faults",
            OPERATOR,
            "{\"operation\":\"Reboot\",\"hresult\":\"0x1\"}");
    assertThat(badFault.statusCode()).isEqualTo(400);
    assertThat(badFault.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    HttpResponse<String> missing =
        call(
            "POST",
            "/api/v1/simulator/compute-systems/nope/exit",
            OPERATOR,
            "{\"exitType\":\"GracefulExit\"}");
    assertThat(missing.statusCode()).isEqualTo(404);

    ComputeHost host = context.getBean(ComputeHost.class);
    List<HostEvent> events = new CopyOnWriteArrayList<>();
    host.subscribe(events::add);
    assertThat(host.inspect("f-1")).map(ObservedSystem::state).contains(SystemState.Running);
    assertThat(
            call(
                    "POST",
                    "/api/v1/simulator/compute-systems/f-1/exit",
                    OPERATOR,
                    "{\"exitType\":\"GracefulExit\",\"exitCode\":0}")
                .statusCode())
        .isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> events.contains(new HostEvent.SystemExited("f-1", HostExitType.GracefulExit, 0)));

    HttpResponse<String> metrics = call("GET", "/actuator/prometheus", null, null);
    assertThat(metrics.body())
        .contains("hcs_host_operation_duration_seconds_bucket{")
        .containsPattern(
            "hcs_host_operation_duration_seconds_count\\{[^}]*operation=\"inspect\"[^}]*outcome=\"success\"");

    context.close();
    context = start(dataDir);

    ComputeHost restarted = context.getBean(ComputeHost.class);
    assertThat(restarted.inspect("f-2")).map(ObservedSystem::state).contains(SystemState.Running);
    assertThat(restarted.inspect("f-1")).isEmpty();
  }
}
