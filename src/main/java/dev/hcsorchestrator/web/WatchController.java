package dev.hcsorchestrator.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * {@code GET /api/v1/watch}: the {@link WatchFeed} as Server-Sent Events. Each watcher gets a
 * writer thread of its own, so a client that reads slowly blocks only that thread while the feed
 * drops it once its bounded buffer is full.
 */
@RestController
@Tag(name = "watch", description = "Changes of every definition as Server-Sent Events")
class WatchController {

  static final String DESCRIPTION =
      """
      A stream of Server-Sent Events (text/event-stream). First one Changed event per definition \
      (sorted by name), then a Changed or Deleted event for every later change of a definition's \
      spec or status, within milliseconds of its commit. Each event's data is one JSON object \
      {"type": "Changed" | "Deleted", "definition": {...}}, the definition as GET \
      /api/v1/definitions/{name} shows it (for Deleted: as it was last shown). Each event has an \
      id; a client that reconnects sends the last id it got as Last-Event-ID and receives every \
      later event, without a gap. When that id cannot be resumed (it is older than the events \
      kept, from before a restart of the service, or names an item of the initial list) the \
      stream starts with {"type": "Relist"}: the client forgets what it holds, and the initial \
      list follows. A client that does not keep up is disconnected and resumes the same way. \
      Comment lines (": keep-alive") are sent every 15 s while nothing changes.""";

  static final long KEEP_ALIVE_MILLIS = 15_000;
  private static final MediaType TEXT_UTF8 =
      new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
  private static final int BATCH = 64;

  private final WatchFeed feed;
  private final AtomicLong threads = new AtomicLong();

  WatchController(WatchFeed feed) {
    this.feed = feed;
  }

  /** The data of one event, for the OpenAPI document. */
  @Schema(name = "WatchEvent", description = "The data of one event of GET /api/v1/watch")
  record WatchEvent(
      @Schema(
              allowableValues = {"Changed", "Deleted", "Relist"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String type,
      @Schema(description = "Absent for Relist") DefinitionResponse definition) {}

  @GetMapping(path = "/api/v1/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      operationId = "watchDefinitions",
      summary = "Watch every definition",
      description = DESCRIPTION)
  @ApiResponse(
      responseCode = "200",
      description = "The event stream; it stays open",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(implementation = WatchEvent.class)))
  @ApiResponse(responseCode = "503", description = "Too many watchers are connected")
  ResponseEntity<ResponseBodyEmitter> watch(
      @Parameter(
              in = ParameterIn.HEADER,
              name = "Last-Event-ID",
              description = "The id of the last event received, to resume after it")
          @RequestHeader(name = "Last-Event-ID", required = false)
          String lastEventId)
      throws InterruptedException {
    WatchFeed.Watcher watcher = feed.subscribe(lastEventId);
    // No timeout: the stream lasts until the client goes or the feed drops it.
    ResponseBodyEmitter emitter = new ResponseBodyEmitter(0L);
    Thread writer =
        new Thread(() -> stream(watcher, emitter), "watch-" + threads.incrementAndGet());
    writer.setDaemon(true);
    emitter.onCompletion(() -> feed.unsubscribe(watcher));
    emitter.onError(e -> feed.unsubscribe(watcher));
    writer.start();
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_EVENT_STREAM)
        // proxies (nginx) must not buffer the stream
        .header("X-Accel-Buffering", "no")
        .body(emitter);
  }

  @ExceptionHandler(WatchFeed.TooManyWatchers.class)
  ResponseEntity<org.springframework.http.ProblemDetail> tooMany(WatchFeed.TooManyWatchers e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(
            org.springframework.http.ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
  }

  private void stream(WatchFeed.Watcher watcher, ResponseBodyEmitter emitter) {
    try {
      // A comment first: the client sees the answer's headers at once, even with no definition.
      emitter.send("retry: 1000\n: watching\n\n", TEXT_UTF8);
      List<String> initial = watcher.initial();
      for (int i = 0; i < initial.size(); i += BATCH) {
        emitter.send(
            String.join("", initial.subList(i, Math.min(i + BATCH, initial.size()))), TEXT_UTF8);
      }
      while (!watcher.closed()) {
        List<String> frames = watcher.next(BATCH, KEEP_ALIVE_MILLIS);
        if (watcher.closed()) {
          break;
        }
        emitter.send(frames.isEmpty() ? ": keep-alive\n\n" : String.join("", frames), TEXT_UTF8);
      }
      emitter.complete();
    } catch (IOException | IllegalStateException e) {
      // The client went away (or the request is over): nothing to tell anyone.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      emitter.complete();
    } finally {
      feed.unsubscribe(watcher);
    }
  }
}
