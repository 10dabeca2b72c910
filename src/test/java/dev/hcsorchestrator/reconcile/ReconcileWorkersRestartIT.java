package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A lifecycle stop and start of the reconcile workers (what a stop and start of the application
 * context does to every {@code SmartLifecycle}, and what Spring's test context cache does to a
 * cached context while another one is in use) leaves a service that reconciles again.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/workers-restart-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=workers-restart-it-token"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReconcileWorkersRestartIT {

  @LocalServerPort int port;
  @Autowired ReconcileWorkers workers;

  @Test
  void aDefinitionCreatedAfterALifecycleStopAndStartRuns() {
    Api api =
        new Api("http://127.0.0.1:" + port, "workers-restart-it-token", Duration.ofSeconds(30));

    workers.stop();
    workers.start();
    assertThat(workers.isRunning()).isTrue();

    Api.Response created =
        api.post(
            "/api/v1/definitions",
            """
            {"name":"after-restart","kind":"VirtualMachine","shutdownTimeoutSeconds":5,
             "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}]}}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get("/api/v1/definitions/after-restart").json().at("/status/phase").asString(),
            "Running"::equals);
  }
}
