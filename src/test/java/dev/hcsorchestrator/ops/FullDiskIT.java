package dev.hcsorchestrator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 on a full disk, for real and without root: the service runs in a child JVM whose file size
 * limit ({@code ulimit -f}, RLIMIT_FSIZE) lets the database file grow by only 100 KiB. The JVM
 * ignores SIGXFSZ, so H2's write past the limit fails with "File too large" (EFBIG) as a write on a
 * full disk fails with ENOSPC: an {@code IOException} under H2's store. The first create that
 * cannot be stored answers 503 with a problem body and {@code Retry-After}, and once the limit is
 * gone the database opens intact with every acknowledged create in it.
 */
@DisabledOnOs(OS.WINDOWS)
class FullDiskIT {

  static final String TOKEN = "full-disk-token";

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();
  private int port;

  @Test
  void theFirstWriteThatCannotBeStoredAnswers503AndNothingAcknowledgedIsLost() throws Exception {
    Path data = work.resolve("data");
    stop(start(data, 0, "first"));
    long limitKiB = Files.size(data.resolve("hcs.mv.db")) / 1024 + 100;

    Process full = start(data, limitKiB, "full");
    List<String> acknowledged = new ArrayList<>();
    HttpResponse<String> refused = null;
    String refusedName = null;
    try {
      for (int i = 0; i < 1000 && refused == null; i++) {
        HttpResponse<String> created = create("vm-" + i);
        if (created.statusCode() == 201) {
          acknowledged.add("vm-" + i);
        } else {
          refused = created;
          refusedName = "vm-" + i;
        }
      }
    } finally {
      stop(full);
    }

    assertThat(refused).as("a create the full disk refused").isNotNull();
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("\"status\":503");
    assertThat(acknowledged).isNotEmpty();

    Process again = start(data, 0, "again");
    try {
      for (String name : acknowledged) {
        assertThat(get("/api/v1/definitions/" + name).statusCode()).as(name).isEqualTo(200);
      }
      // the refusal said nothing was changed
      assertThat(get("/api/v1/definitions/" + refusedName).statusCode()).isEqualTo(404);
      assertThat(create("after-the-disk-was-freed").statusCode()).isEqualTo(201);
    } finally {
      stop(again);
    }
  }

  /**
   * The service on {@code data} in a child JVM, with a file size limit when {@code limitKiB > 0}.
   */
  private Process start(Path data, long limitKiB, String name) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command =
        List.of(
            "bash",
            "-c",
            (limitKiB > 0 ? "ulimit -f " + limitKiB + " && " : "") + "exec \"$0\" \"$@\"",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-cp",
            System.getProperty("java.class.path"),
            HcsOrchestratorApplication.class.getName(),
            "--server.port=" + port,
            "--hcs.data-dir=" + data,
            "--hcs.host.mode=simulated",
            // only the requests write, so the first write past the limit is a create
            "--hcs.reconcile.enabled=false",
            "--hcs.security.tokens[0].name=it",
            "--hcs.security.tokens[0].role=operator",
            "--hcs.security.tokens[0].value=" + TOKEN);
    // the output goes through a pipe: a file the child wrote would be limited too
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Path log = work.resolve(name + ".log");
    Thread drain =
        new Thread(
            () -> {
              try (OutputStream out = Files.newOutputStream(log)) {
                p.getInputStream().transferTo(out);
              } catch (IOException e) {
                // the child ended
              }
            });
    drain.setDaemon(true);
    drain.start();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertThat(p.isAlive()).as("the service ended; its output: %s", log).isTrue();
              return status("/actuator/health/liveness") == 200;
            });
    return p;
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
    }
  }

  private HttpResponse<String> create(String name) throws Exception {
    StringBuilder labels = new StringBuilder();
    for (char k = 'a'; k <= 'h'; k++) {
      labels.append(labels.isEmpty() ? "" : ",").append('"').append(k).append("\":\"");
      labels.append("x".repeat(250)).append('"');
    }
    String body =
        """
        {"name":"%s","kind":"VirtualMachine","labels":{%s},
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":8}]}}"""
            .formatted(name, labels);
    return http.send(
        HttpRequest.newBuilder(uri("/api/v1/definitions"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int status(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
