package dev.hcsorchestrator.definition;

import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the other hosts of a fleet on PostgreSQL what this process wrote: a {@code NOTIFY} on
 * channel {@value #CHANNEL} in the writing transaction, which PostgreSQL delivers to every listener
 * when (and only if) that transaction commits ({@link ChangeListener} receives them). On H2 the
 * process is the database's one writer and nothing is sent.
 *
 * <p>The payload is {@code <sender>|<kind>|<key>}: the sender is this process's random id (a
 * listener ignores its own), the kind one of {@link Kind}, the key a definition's id or a network's
 * name (at most a few hundred bytes; PostgreSQL allows 8000).
 */
@Component
class ChangeNotices {

  static final String CHANNEL = "hcs_changes";

  /** What changed. */
  enum Kind {
    /** An owner's change or an assignment: the host running it acts, every host drops its copy. */
    CHANGED('c'),
    /** A status write or a removal: every host drops its copy. */
    WRITTEN('w'),
    /** A declared network's settings changed. */
    NETWORK_CHANGED('n'),
    /** A declared network was deleted. */
    NETWORK_DELETED('d');

    final char code;

    Kind(char code) {
      this.code = code;
    }

    static Kind of(char code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return null;
    }
  }

  /** One notice as received. */
  record Notice(String sender, Kind kind, String key) {

    /** The notice in {@code payload}, or null when it is not one of ours. */
    static Notice parse(String payload) {
      int a = payload.indexOf('|');
      int b = a < 0 ? -1 : payload.indexOf('|', a + 1);
      if (b != a + 2) {
        return null;
      }
      Kind kind = Kind.of(payload.charAt(a + 1));
      return kind == null
          ? null
          : new Notice(payload.substring(0, a), kind, payload.substring(b + 1));
    }
  }

  private final String self = UUID.randomUUID().toString();
  private final JdbcClient jdbc;
  private final boolean postgres;

  ChangeNotices(JdbcClient jdbc, Environment environment) {
    this.jdbc = jdbc;
    this.postgres = isPostgres(environment);
  }

  static boolean isPostgres(Environment environment) {
    return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:postgresql:");
  }

  /** This process's id in the payloads it sends. */
  String self() {
    return self;
  }

  boolean enabled() {
    return postgres;
  }

  /** Sends the notice with the caller's transaction (delivered on its commit). */
  void send(Kind kind, String key) {
    if (postgres) {
      jdbc.sql("select pg_notify(?, ?)")
          .params(CHANNEL, self + "|" + kind.code + "|" + key)
          .query((r, i) -> 1)
          .list();
    }
  }
}
