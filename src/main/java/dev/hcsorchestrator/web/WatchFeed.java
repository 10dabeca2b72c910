package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.DefinitionWritten;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed behind {@code GET /api/v1/watch}: the last view of every definition, a numbered
 * history of the recent changes, and the watchers with their bounded buffers.
 *
 * <p>Every committed write of a definition ({@link DefinitionWritten}, status writes of the
 * reconciler included) queues its id; one thread re-reads it (from the store's cache of committed
 * state), takes the view {@code GET /api/v1/definitions/{name}} renders and, when it differs from
 * the last one, numbers a {@code Changed} or {@code Deleted} event and hands it to every watcher.
 * An event is rendered once as an SSE frame shared by all watchers (and again for a client that
 * resumes from the history, which keeps the events unrendered); a watcher whose buffer is full is
 * dropped (it reconnects and resumes from the history), so a slow client never grows the heap.
 *
 * <p>Event ids are {@code <feed>:<n>}: {@code <feed>} names this feed (a restarted service has
 * another, so an id from before the restart asks for a relist), {@code n} counts events. Items of
 * the initial list carry {@code <feed>:<n>:<i>} except the last, which carries the cursor {@code
 * <feed>:<n>}: a client cut off inside the list holds no cursor and relists.
 */
@Component
class WatchFeed implements SmartLifecycle {

  /** Events kept for resuming clients: one change per definition for a fleet of this size. */
  static final int HISTORY = 4096;

  /** Frames a watcher may have queued before it counts as too slow and is dropped. */
  static final int CLIENT_BUFFER = 1024;

  static final int MAX_WATCHERS = 64;

  private static final Logger log = LoggerFactory.getLogger(WatchFeed.class);

  /**
   * What watchers see of a definition, kept as the response record (it shares the spec with the
   * cached definition) and rendered only when sent: 10,000 rendered definitions would hold
   * megabytes of JSON that nobody may ever watch. Two views are equal exactly when their JSON is.
   */
  private record Current(String name, Object view) {}

  /** A numbered event, rendered when a watcher gets it. */
  private record Logged(long seq, String type, Object view) {}

  /** One connected client: the frames it is still to get, and whether it was dropped. */
  static final class Watcher {
    private final List<String> initial;
    private final BlockingQueue<String> queue;
    private volatile boolean closed;

    private Watcher(List<String> initial, int capacity) {
      this.initial = initial;
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** The frames of the initial list or of the resumed history, then live ones. */
    List<String> initial() {
      return initial;
    }

    /** Up to {@code max} next frames, waiting up to {@code millis} for the first; empty if none. */
    List<String> next(int max, long millis) throws InterruptedException {
      String first = queue.poll(millis, TimeUnit.MILLISECONDS);
      List<String> frames = new ArrayList<>();
      if (first != null) {
        frames.add(first);
        queue.drainTo(frames, max - 1);
      }
      return frames;
    }

    /** Dropped by the feed (too slow, or the service stops) or gone. */
    boolean closed() {
      return closed;
    }
  }

  /** Every watcher slot is taken: the client is told to come back later (503). */
  static final class TooManyWatchers extends RuntimeException {
    TooManyWatchers() {
      super("Too many watchers are connected (at most " + MAX_WATCHERS + ")", null, false, false);
    }
  }

  private final DefinitionStore store;
  private final Function<Definition, Object> view;
  private final Function<Object, String> render;
  private final int clientBuffer;
  private final String feedId = Long.toString(System.currentTimeMillis(), 36);
  private final BlockingQueue<UUID> pending = new LinkedBlockingQueue<>();
  private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final Object lock = new Object();
  // guarded by lock
  private final Map<UUID, Current> current = new HashMap<>();
  private final ArrayDeque<Logged> history = new ArrayDeque<>();
  private final Set<Watcher> watchers = new LinkedHashSet<>();
  private long seq;
  private volatile Thread thread;
  // Held over every read of the database. stop() interrupts the thread only while it does not hold
  // it: an interrupt inside an embedded H2's file I/O closes its file channel and can leave the
  // database open and locked after the context closed.
  private final Object reading = new Object();
  private volatile boolean stopped;

  @Autowired
  WatchFeed(DefinitionStore store, JsonMapper json) {
    this(store, DefinitionResponse::of, json::writeValueAsString, CLIENT_BUFFER);
  }

  /** A feed whose events carry {@code render}'s text of each definition. */
  WatchFeed(DefinitionStore store, Function<Definition, String> render, int clientBuffer) {
    this(store, render::apply, String.class::cast, clientBuffer);
  }

  private WatchFeed(
      DefinitionStore store,
      Function<Definition, Object> view,
      Function<Object, String> render,
      int clientBuffer) {
    this.store = store;
    this.view = view;
    this.render = render;
    this.clientBuffer = clientBuffer;
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onWritten(DefinitionWritten event) {
    if (queued.add(event.id())) {
      pending.add(event.id());
    }
  }

  /**
   * Registers a watcher: after {@code lastEventId} if the history still holds every later event,
   * otherwise (none given) the initial list, or (an unknown, foreign or too old one) a {@code
   * Relist} event followed by the initial list.
   */
  Watcher subscribe(String lastEventId) throws InterruptedException {
    if (!loaded.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The watch feed has not loaded the definitions yet");
    }
    synchronized (lock) {
      if (watchers.size() >= MAX_WATCHERS) {
        throw new TooManyWatchers();
      }
      List<String> initial = new ArrayList<>();
      Long resume = cursor(lastEventId);
      if (resume != null) {
        for (Logged l : history) {
          if (l.seq() > resume) {
            initial.add(frame(l));
          }
        }
      } else {
        initial.addAll(list(lastEventId != null));
      }
      Watcher w = new Watcher(initial, clientBuffer);
      watchers.add(w);
      return w;
    }
  }

  void unsubscribe(Watcher w) {
    w.closed = true;
    synchronized (lock) {
      watchers.remove(w);
    }
  }

  /** Definitions written but not yet re-read. */
  int pendingCount() {
    return pending.size();
  }

  int watchers() {
    synchronized (lock) {
      return watchers.size();
    }
  }

  /** The seq after which every event is in the history, or null if the id cannot resume. */
  private Long cursor(String id) {
    if (id == null) {
      return null;
    }
    String prefix = feedId + ":";
    if (!id.startsWith(prefix) || id.length() > prefix.length() + 19) {
      return null;
    }
    long n;
    try {
      n = Long.parseLong(id.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return null;
    }
    long oldest = history.isEmpty() ? seq : history.getFirst().seq() - 1;
    return n >= oldest && n <= seq ? n : null;
  }

  private List<String> list(boolean relist) {
    List<Current> all = new ArrayList<>(current.values());
    all.sort(Comparator.comparing(Current::name));
    List<String> bodies = new ArrayList<>();
    if (relist) {
      bodies.add("{\"type\":\"Relist\"}");
    }
    all.forEach(c -> bodies.add(event("Changed", render.apply(c.view()))));
    List<String> frames = new ArrayList<>(bodies.size());
    for (int i = 0; i < bodies.size(); i++) {
      String id = feedId + ":" + seq + (i == bodies.size() - 1 ? "" : ":" + i);
      frames.add(frame(id, bodies.get(i)));
    }
    return frames;
  }

  private static String event(String type, String definitionJson) {
    return "{\"type\":\"" + type + "\",\"definition\":" + definitionJson + "}";
  }

  private String frame(Logged l) {
    return frame(feedId + ":" + l.seq(), event(l.type(), render.apply(l.view())));
  }

  private static String frame(String id, String data) {
    // The JSON is on one line: Jackson escapes line breaks inside strings.
    return "id: " + id + "\ndata: " + data + "\n\n";
  }

  /** Re-reads one definition and publishes what changed; runs on the feed's thread. */
  void refresh(UUID id) {
    queued.remove(id);
    Optional<Definition> now = store.get(id);
    Object seen = now.map(view).orElse(null);
    synchronized (lock) {
      Current before = current.get(id);
      if (seen != null) {
        if (before != null && before.view().equals(seen)) {
          return;
        }
        current.put(id, new Current(now.get().name(), seen));
        append("Changed", seen);
      } else if (before != null) {
        current.remove(id);
        append("Deleted", before.view());
      }
    }
  }

  /** Loads every stored definition without publishing events: the state the first list shows. */
  void load() {
    for (UUID id : store.ids()) {
      store
          .get(id)
          .ifPresent(
              d -> {
                Object seen = view.apply(d);
                synchronized (lock) {
                  current.put(id, new Current(d.name(), seen));
                }
              });
    }
    loaded.countDown();
  }

  private boolean tryLoad() {
    try {
      load();
      return true;
    } catch (RuntimeException e) {
      log.warn("Watch feed could not load the definitions: {}", e.toString());
      return false;
    }
  }

  private void append(String type, Object seen) {
    seq++;
    Logged logged = new Logged(seq, type, seen);
    history.addLast(logged);
    if (history.size() > HISTORY) {
      history.removeFirst();
    }
    if (watchers.isEmpty()) {
      return;
    }
    String frame = frame(logged);
    for (var it = watchers.iterator(); it.hasNext(); ) {
      Watcher w = it.next();
      if (!w.queue.offer(frame)) {
        // Too slow: dropped; it resumes from the history when it reconnects.
        w.closed = true;
        it.remove();
      }
    }
  }

  private void run() {
    try {
      while (!loadUnlessStopped()) {
        // The database is not there yet: retry; the writes meanwhile are queued.
        TimeUnit.SECONDS.sleep(1);
      }
      while (!Thread.currentThread().isInterrupted()) {
        UUID id = pending.take();
        synchronized (reading) {
          if (stopped) {
            return;
          }
          try {
            refresh(id);
          } catch (RuntimeException e) {
            // A failed read (the database briefly away): the next write of it refreshes it again.
            log.warn("Watch feed could not read definition {}: {}", id, e.toString());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean loadUnlessStopped() {
    synchronized (reading) {
      return stopped || tryLoad();
    }
  }

  @Override
  public void start() {
    stopped = false;
    Thread t = new Thread(this::run, "watch-feed");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    Thread t = thread;
    thread = null;
    stopped = true;
    if (t != null) {
      synchronized (reading) {
        t.interrupt();
      }
    }
    synchronized (lock) {
      watchers.forEach(w -> w.closed = true);
      watchers.clear();
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}
