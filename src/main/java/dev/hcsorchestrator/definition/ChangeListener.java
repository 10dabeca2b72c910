package dev.hcsorchestrator.definition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, what other hosts wrote reaches this one at once: a thread holds its own connection
 * (not one of the pool's), {@code LISTEN}s on {@link ChangeNotices#CHANNEL} and, for each notice of
 * another process, drops the cached copy and publishes what a local write would have published:
 * {@link DefinitionChanged} (the reconciler and the scheduler act), {@link DefinitionWritten} (the
 * watch feed), {@link NetworkChanged}, {@link NetworkDeleted}. A lost connection is opened again;
 * whatever was sent meanwhile is unknown, so the whole cache is dropped then (the reconciler's
 * periodic resync and the fleet's tick catch up with the rest). On H2 it does nothing.
 */
@Component
class ChangeListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);

  /** How long one wait for notices lasts: also how soon a stop is noticed. */
  private static final int WAIT_MS = 500;

  private final ChangeNotices notices;
  private final DefinitionCache cache;
  private final ApplicationEventPublisher publisher;
  private final String url;
  private final String user;
  private final String password;
  private volatile Thread thread;

  ChangeListener(
      ChangeNotices notices,
      DefinitionRows rows,
      ApplicationEventPublisher publisher,
      Environment environment) {
    this.notices = notices;
    this.cache = rows.cache();
    this.publisher = publisher;
    this.url = environment.getProperty("spring.datasource.url", "");
    this.user = environment.getProperty("spring.datasource.username");
    this.password = environment.getProperty("spring.datasource.password");
  }

  @Override
  public void start() {
    if (!notices.enabled()) {
      return;
    }
    Thread t = new Thread(this::listen, "hcs-change-listener");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2 * WAIT_MS + 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Before the fleet agent and the reconcile workers, so that none misses a notice. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 300;
  }

  private void listen() {
    long backoff = 100;
    boolean first = true;
    while (thread == Thread.currentThread()) {
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + ChangeNotices.CHANNEL);
        }
        if (!first) {
          cache.clear(); // notices sent while the connection was away are lost
          log.info("Listening for other hosts' writes again");
        }
        first = false;
        backoff = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (thread == Thread.currentThread()) {
          PGNotification[] received = pg.getNotifications(WAIT_MS);
          if (received != null) {
            for (PGNotification n : received) {
              deliver(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (thread != Thread.currentThread()) {
          return;
        }
        log.warn(
            "Listening for other hosts' writes failed, again in {} ms: {}", backoff, e.toString());
        try {
          Thread.sleep(backoff); // a wait before reconnecting, not a test's sleep
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  void deliver(String payload) {
    ChangeNotices.Notice n = ChangeNotices.Notice.parse(payload);
    if (n == null || n.sender().equals(notices.self())) {
      return;
    }
    switch (n.kind()) {
      case CHANGED -> {
        UUID id = UUID.fromString(n.key());
        cache.evict(id);
        publisher.publishEvent(new DefinitionChanged(id));
        publisher.publishEvent(new DefinitionWritten(id));
      }
      case WRITTEN -> {
        UUID id = UUID.fromString(n.key());
        cache.evict(id);
        publisher.publishEvent(new DefinitionWritten(id));
      }
      case NETWORK_CHANGED -> publisher.publishEvent(new NetworkChanged(n.key()));
      case NETWORK_DELETED -> publisher.publishEvent(new NetworkDeleted(n.key()));
    }
  }
}
