package dev.hcsorchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DefinitionWritten;
import dev.hcsorchestrator.definition.Network;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class WatchFeedTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The stored definitions, as the feed reads them. */
  private final Map<UUID, Definition> stored = new LinkedHashMap<>();

  private final DefinitionStore store =
      new DefinitionStore() {
        @Override
        public List<UUID> ids() {
          return List.copyOf(stored.keySet());
        }

        @Override
        public Optional<Definition> get(UUID id) {
          return Optional.ofNullable(stored.get(id));
        }

        @Override
        public Optional<Definition> find(String name) {
          throw new UnsupportedOperationException();
        }

        @Override
        public List<Network> networks() {
          throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Set<String> networksInUse() {
          return java.util.Set.of();
        }

        @Override
        public void reportNetwork(
            String network,
            dev.hcsorchestrator.definition.NetworkOnHost.State state,
            String message) {}

        @Override
        public List<dev.hcsorchestrator.definition.NetworkOnHost> networkReports() {
          return List.of();
        }

        @Override
        public Optional<Network> network(String name) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void updateStatus(UUID id, DefinitionStatus status) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void recordEvent(
            UUID id,
            dev.hcsorchestrator.definition.EventType type,
            String message,
            String computeSystemId,
            Long incarnation) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void remove(UUID id) {
          throw new UnsupportedOperationException();
        }
      };

  private WatchFeed feed;

  @BeforeEach
  void feed() {
    feed = feed(100);
  }

  private WatchFeed feed(int clientBuffer) {
    return new WatchFeed(
        store, d -> "{\"name\":\"" + d.name() + "\",\"g\":" + d.generation() + "}", clientBuffer);
  }

  private static Definition definition(UUID id, String name, long generation) {
    DefinitionSpec spec =
        JSON.readValue("{\"name\":\"" + name + "\",\"kind\":\"Container\"}", DefinitionSpec.class);
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    return new Definition(id, generation, at, at, false, 0, 0, spec, DefinitionStatus.pending());
  }

  private UUID store(String name, long generation) {
    UUID id = UUID.nameUUIDFromBytes(name.getBytes());
    stored.put(id, definition(id, name, generation));
    return id;
  }

  /** A write of the definition: stored, then the feed told and caught up. */
  private void write(UUID id, String name, long generation) {
    stored.put(id, definition(id, name, generation));
    feed.refresh(id);
  }

  private static String id(String frame) {
    return frame.substring("id: ".length(), frame.indexOf('\n'));
  }

  private static String data(String frame) {
    int at = frame.indexOf("data: ") + "data: ".length();
    return frame.substring(at, frame.indexOf('\n', at));
  }

  private static List<String> drain(WatchFeed.Watcher w) throws InterruptedException {
    List<String> frames = new ArrayList<>(w.initial());
    frames.addAll(w.next(10_000, 0));
    return frames;
  }

  @Test
  void aNewWatcherGetsOneChangedEventPerDefinitionSortedByNameAndTheLastCarriesTheCursor()
      throws Exception {
    store("b-two", 1);
    store("a-one", 3);
    feed.load();

    List<String> frames = feed.subscribe(null).initial();

    assertThat(frames)
        .extracting(WatchFeedTest::data)
        .containsExactly(
            "{\"type\":\"Changed\",\"definition\":{\"name\":\"a-one\",\"g\":3}}",
            "{\"type\":\"Changed\",\"definition\":{\"name\":\"b-two\",\"g\":1}}");
    assertThat(id(frames.get(0))).matches("[0-9a-z]+:0:0");
    assertThat(id(frames.get(1))).matches("[0-9a-z]+:0");
  }

  @Test
  void everyChangeReachesTheWatchersAndAnUnchangedRewriteSendsNothing() throws Exception {
    UUID a = store("a-one", 1);
    feed.load();
    WatchFeed.Watcher w = feed.subscribe(null);
    List<String> initial = w.initial();

    write(a, "a-one", 2);
    write(a, "a-one", 2);
    stored.remove(a);
    feed.refresh(a);

    List<String> live = w.next(100, 0);
    assertThat(initial).hasSize(1);
    assertThat(live)
        .extracting(WatchFeedTest::data)
        .containsExactly(
            "{\"type\":\"Changed\",\"definition\":{\"name\":\"a-one\",\"g\":2}}",
            "{\"type\":\"Deleted\",\"definition\":{\"name\":\"a-one\",\"g\":2}}");
  }

  @Test
  void aWatcherResumingFromItsLastIdGetsExactlyTheEventsItMissed() throws Exception {
    UUID a = store("a-one", 1);
    feed.load();
    WatchFeed.Watcher first = feed.subscribe(null);
    write(a, "a-one", 2);
    String last = id(drain(first).get(1));
    feed.unsubscribe(first);

    write(a, "a-one", 3);
    UUID b = UUID.randomUUID();
    write(b, "b-two", 1);

    List<String> resumed = feed.subscribe(last).initial();
    assertThat(resumed)
        .extracting(WatchFeedTest::data)
        .containsExactly(
            "{\"type\":\"Changed\",\"definition\":{\"name\":\"a-one\",\"g\":3}}",
            "{\"type\":\"Changed\",\"definition\":{\"name\":\"b-two\",\"g\":1}}");
    // resuming from the newest id: nothing missed, nothing repeated
    assertThat(feed.subscribe(id(resumed.get(1))).initial()).isEmpty();
  }

  @Test
  void aCursorThatCannotResumeGetsARelistThenTheWholeList() throws Exception {
    UUID a = store("a-one", 1);
    feed.load();
    String cursor = id(feed.subscribe(null).initial().get(0));
    String feedId = cursor.substring(0, cursor.indexOf(':'));

    for (String unusable :
        List.of(
            "other:0", // another feed: the service restarted
            feedId + ":0:0", // an item inside an initial list
            feedId + ":99", // from the future
            feedId + ":x",
            "")) {
      List<String> frames = feed.subscribe(unusable).initial();
      assertThat(frames)
          .extracting(WatchFeedTest::data)
          .as(unusable)
          .containsExactly(
              "{\"type\":\"Relist\"}",
              "{\"type\":\"Changed\",\"definition\":{\"name\":\"a-one\",\"g\":1}}");
    }

    // older than the history holds
    for (int g = 2; g < WatchFeed.HISTORY + 3; g++) {
      write(a, "a-one", g);
    }
    assertThat(feed.subscribe(cursor).initial())
        .first()
        .extracting(WatchFeedTest::data)
        .isEqualTo("{\"type\":\"Relist\"}");
  }

  @Test
  void aWatcherThatDoesNotReadIsDroppedOnceItsBufferIsFullAndOthersGoOn() throws Exception {
    feed = feed(4);
    UUID a = store("a-one", 1);
    feed.load();
    WatchFeed.Watcher slow = feed.subscribe(null);
    WatchFeed.Watcher reader = feed.subscribe(null);

    for (int g = 2; g <= 7; g++) {
      write(a, "a-one", g);
      assertThat(reader.next(10, 0)).hasSize(1);
    }

    assertThat(slow.closed()).isTrue();
    assertThat(reader.closed()).isFalse();
    assertThat(slow.next(100, 0)).hasSize(4);
    assertThat(feed.watchers()).isEqualTo(1);
  }

  @Test
  void writesAreQueuedOnceWhileTheFeedIsBehind() {
    UUID a = UUID.randomUUID();
    feed.onWritten(new DefinitionWritten(a));
    feed.onWritten(new DefinitionWritten(a));
    // the thread is not started: the id waits, once
    assertThat(feed.watchers()).isZero();
    assertThat(feed.pendingCount()).isEqualTo(1);
  }
}
