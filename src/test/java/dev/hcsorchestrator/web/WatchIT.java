package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DefinitionWritten;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/watch} over real HTTP against the service on the simulated host, reconciler
 * included: how soon a watcher sees a write (the owner's and the reconciler's status writes), and
 * resuming by {@code Last-Event-ID}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.security.tokens[0].name=ops",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=watch-operator-token",
      "hcs.security.tokens[1].name=view",
      "hcs.security.tokens[1].role=viewer",
      "hcs.security.tokens[1].value=watch-viewer-token"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WatchIT {

  static final String OPERATOR = "watch-operator-token";
  static final String VIEWER = "watch-viewer-token";
  static final long WITHIN_MILLIS = 100;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "watch-it-");
    registry.add("hcs.data-dir", dir::toString);
  }

  /** When each definition's writes committed, as the service saw them. */
  @TestConfiguration
  static class Commits {
    @Bean
    CommitClock commitClock() {
      return new CommitClock();
    }
  }

  static class CommitClock {
    final Map<UUID, List<Long>> commits = new ConcurrentHashMap<>();

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    public void committed(DefinitionWritten written) {
      commits
          .computeIfAbsent(written.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(System.nanoTime());
    }

    /** The last commit of the definition at or before {@code nanos}. */
    long lastBefore(UUID id, long nanos) {
      return commits.getOrDefault(id, List.of()).stream()
          .filter(t -> t <= nanos)
          .max(Long::compare)
          .orElseThrow();
    }
  }

  @LocalServerPort int port;
  @Autowired CommitClock clock;
  @Autowired DefinitionStore store;
  private final HttpClient http = HttpClient.newHttpClient();

  /** One received event: its id, its data, and when it arrived. */
  record Event(String id, JsonNode data, long arrivedNanos) {
    String type() {
      return data.get("type").asString();
    }

    String name() {
      return data.get("definition").get("name").asString();
    }

    String phase() {
      return data.get("definition").get("status").get("phase").asString();
    }
  }

  /** A watcher reading the stream on a thread of its own, as {@code curl -N} would. */
  final class Watcher implements AutoCloseable {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final HttpResponse<InputStream> response;
    private final Thread reader;

    Watcher(String token, String lastEventId) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/watch"))
              .header("Authorization", "Bearer " + token)
              .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      reader = new Thread(this::read, "watch-it-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (var lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
        String id = null;
        String data = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("data: ")) {
            data = line.substring(6);
          } else if (line.isEmpty() && data != null) {
            events.add(new Event(id, JSON.readTree(data), System.nanoTime()));
            id = null;
            data = null;
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    /** The next event matching, skipping others; fails after 30 s. */
    Event next(Predicate<Event> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        Event e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e != null && wanted.test(e)) {
          return e;
        }
      }
      throw new AssertionError("no such event within 30 s");
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + OPERATOR)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String vm(String name) {
    return """
        {"name":"%s","kind":"VirtualMachine",
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}]}}
        """
        .formatted(name);
  }

  @Test
  void aWatcherSeesEveryWriteWithin100MillisecondsOfItsCommitTheReconcilersIncluded()
      throws Exception {
    String name = "latency-" + UUID.randomUUID().toString().substring(0, 6);
    try (Watcher watcher = new Watcher(VIEWER, null)) {
      assertThat(watcher.response.statusCode()).isEqualTo(200);
      assertThat(watcher.response.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
      List<Long> lags = new ArrayList<>();

      // the owner's write: its event arrives before the 201, or within 100 ms of it
      HttpResponse<String> created = call("POST", "/api/v1/definitions", vm(name));
      long answered = System.nanoTime();
      assertThat(created.statusCode()).isEqualTo(201);
      Event e = watcher.next(x -> x.name().equals(name));
      assertThat(e.type()).isEqualTo("Changed");
      lags.add(e.arrivedNanos() - answered);
      UUID id = store.find(name).orElseThrow().id();

      // the reconciler's status writes up to Running, each against the commit it shows
      while (!"Running".equals(e.phase())) {
        e = watcher.next(x -> x.name().equals(name));
        lags.add(e.arrivedNanos() - clock.lastBefore(id, e.arrivedNanos()));
      }

      // stop: the owner's write, then the reconciler's up to Stopped
      HttpResponse<String> stop = call("POST", "/api/v1/definitions/" + name + "/stop", null);
      long stopAnswered = System.nanoTime();
      assertThat(stop.statusCode()).isEqualTo(202);
      e = watcher.next(x -> x.name().equals(name));
      lags.add(e.arrivedNanos() - stopAnswered);
      while (!"Stopped".equals(e.phase())) {
        e = watcher.next(x -> x.name().equals(name));
        lags.add(e.arrivedNanos() - clock.lastBefore(id, e.arrivedNanos()));
      }

      // deleted: Deleted arrives once the reconciler removed it
      assertThat(call("DELETE", "/api/v1/definitions/" + name, null).statusCode()).isEqualTo(202);
      e = watcher.next(x -> x.name().equals(name) && x.type().equals("Deleted"));
      lags.add(e.arrivedNanos() - clock.lastBefore(id, e.arrivedNanos()));

      List<Long> millis = lags.stream().map(TimeUnit.NANOSECONDS::toMillis).toList();
      System.out.println("watch lag per event (ms): " + millis);
      assertThat(millis).hasSizeGreaterThanOrEqualTo(4).allMatch(m -> m <= WITHIN_MILLIS);
    }
  }

  @Test
  void aWatcherThatReconnectsWithItsLastEventIdGetsWhatItMissedAndAForeignIdARelist()
      throws Exception {
    String a = "resume-a-" + UUID.randomUUID().toString().substring(0, 6);
    String b = "resume-b-" + UUID.randomUUID().toString().substring(0, 6);
    String stoppedA = vm(a).replace("\"kind\"", "\"desiredState\":\"Stopped\",\"kind\"");
    assertThat(call("POST", "/api/v1/definitions", stoppedA).statusCode()).isEqualTo(201);
    String last;
    try (Watcher first = new Watcher(VIEWER, null)) {
      Event e = first.next(x -> x.name().equals(a));
      // up to the end of the initial list (its last item carries the cursor), then what came since
      while (e.id().indexOf(':') != e.id().lastIndexOf(':')) {
        e = first.next(x -> true);
      }
      for (Event more = first.events.poll(); more != null; more = first.events.poll()) {
        e = more;
      }
      last = e.id();
    }

    // while it is away: a new definition and a change of another
    assertThat(call("POST", "/api/v1/definitions", vm(b)).statusCode()).isEqualTo(201);
    assertThat(call("POST", "/api/v1/definitions/" + a + "/start", null).statusCode())
        .isEqualTo(202);

    try (Watcher resumed = new Watcher(VIEWER, last)) {
      Event next = resumed.next(x -> true);
      assertThat(next.type()).isNotEqualTo("Relist");
      // the event right after the last one it got: no gap
      assertThat(sequence(next.id())).isEqualTo(sequence(last) + 1);
      Event createdB = next.name().equals(b) ? next : resumed.next(x -> x.name().equals(b));
      assertThat(createdB.type()).isEqualTo("Changed");
      Event startedA =
          resumed.next(
              x ->
                  x.name().equals(a)
                      && x.data()
                          .get("definition")
                          .get("desiredState")
                          .asString()
                          .equals("Running"));
      assertThat(startedA.type()).isEqualTo("Changed");
    }

    try (Watcher foreign = new Watcher(VIEWER, "not-this-feed:1")) {
      assertThat(foreign.next(x -> true).data().toString()).isEqualTo("{\"type\":\"Relist\"}");
      assertThat(foreign.next(x -> x.name().equals(a)).type()).isEqualTo("Changed");
    }
  }

  private static long sequence(String eventId) {
    return Long.parseLong(eventId.substring(eventId.indexOf(':') + 1));
  }

  @Test
  void theStreamNeedsAToken() throws Exception {
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/watch"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
