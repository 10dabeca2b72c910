package dev.hcsorchestrator.definition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The operator's log of lifecycle transitions: every stored event, once, as it is committed, with
 * the definition's name and compute system id, from the one place events are stored. Exits, a
 * failed health check, backoff, errors (the host unavailable among them) and orphans are warnings,
 * {@code Failed} an error, the rest information. Logger {@value #LOGGER}; structured logging gets
 * the same fields as key-value pairs ({@code definition}, {@code event}, {@code computeSystemId},
 * {@code incarnation}).
 */
public final class LifecycleLog {

  /** The logger name, e.g. for {@code logging.level.dev.hcsorchestrator.lifecycle}. */
  public static final String LOGGER = "dev.hcsorchestrator.lifecycle";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private LifecycleLog() {}

  static Level level(EventType type) {
    return switch (type) {
      case Failed -> Level.ERROR;
      case Exited, Unhealthy, BackOff, Error, OrphanRemoved -> Level.WARN;
      default -> Level.INFO;
    };
  }

  static String line(
      String name, EventType type, String message, String computeSystemId, Long incarnation) {
    StringBuilder b = new StringBuilder();
    b.append(name).append(' ').append(type);
    if (message != null && !message.isEmpty()) {
      b.append(": ").append(message);
    }
    if (computeSystemId != null) {
      b.append(" [system ").append(computeSystemId);
      if (incarnation != null) {
        b.append(", incarnation ").append(incarnation);
      }
      b.append(']');
    }
    return b.toString();
  }

  static void stored(
      String name, EventType type, String message, String computeSystemId, Long incarnation) {
    Level level = level(type);
    if (!LOG.isEnabledForLevel(level)) {
      return;
    }
    var entry =
        LOG.atLevel(level).addKeyValue("definition", name).addKeyValue("event", type.name());
    if (computeSystemId != null) {
      entry = entry.addKeyValue("computeSystemId", computeSystemId);
    }
    if (incarnation != null) {
      entry = entry.addKeyValue("incarnation", incarnation);
    }
    entry.log(line(name, type, message, computeSystemId, incarnation));
  }
}
