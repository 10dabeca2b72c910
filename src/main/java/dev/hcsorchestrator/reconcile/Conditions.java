package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pass's draft of a definition's conditions. {@code Ready} is set by {@link StatusDraft}'s
 * transitions alone; the other conditions ({@code ResourcesReady}, {@code Healthy}) by their steps.
 */
final class Conditions {

  static final String READY = "Ready";

  private final Map<String, Condition> byType = new LinkedHashMap<>();
  private final Instant now;

  Conditions(List<Condition> read, Instant now) {
    this.now = now;
    if (read != null) {
      read.forEach(c -> byType.put(c.type(), c));
    }
  }

  /** Sets condition {@code type}; its transition time moves only when its status changes. */
  void set(String type, boolean status, String reason, String text) {
    String value = status ? "True" : "False";
    Condition old = byType.get(type);
    if (old != null
        && old.status().equals(value)
        && Objects.equals(old.reason(), reason)
        && Objects.equals(old.message(), text)) {
      return;
    }
    Instant since = old != null && old.status().equals(value) ? old.lastTransitionTime() : now;
    byType.put(type, new Condition(type, value, reason, text, since));
  }

  /** Whether condition {@code type} is there with status True. */
  boolean isTrue(String type) {
    Condition c = byType.get(type);
    return c != null && "True".equals(c.status());
  }

  /** Whether condition {@code type} is there with {@code reason}. */
  boolean hasReason(String type, String reason) {
    Condition c = byType.get(type);
    return c != null && reason.equals(c.reason());
  }

  /** Drops condition {@code type} (e.g. Healthy once the spec has no health check). */
  void drop(String type) {
    byType.remove(type);
  }

  List<Condition> list() {
    return new ArrayList<>(byType.values());
  }
}
