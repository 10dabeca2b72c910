package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.NewEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one {@link StatusDraft} goes: the store (only when the status changed or events wait, one
 * transaction with the events) and the inventory. Remembers what was read, so that an idle pass
 * writes nothing.
 */
final class StatusWrites {

  private final DefinitionStore definitions;
  private final Inventory inventory;
  private final Definition def;
  private final Bookkeeping read;
  private final String readDocument;
  private DefinitionStatus current;
  private final List<NewEvent> pendingEvents = new ArrayList<>();
  private final List<Runnable> afterStored = new ArrayList<>();

  StatusWrites(
      DefinitionStore definitions, Inventory inventory, Definition def, DefinitionStatus read) {
    this.definitions = definitions;
    this.inventory = inventory;
    this.def = def;
    this.current = read;
    this.readDocument = read.memo();
    this.read = Bookkeeping.of(read);
  }

  /** The bookkeeping as read (migrated from the version that wrote it). */
  Bookkeeping read() {
    return read;
  }

  /** Stored with the next status write, in its transaction. */
  void event(NewEvent e) {
    pendingEvents.add(e);
  }

  /** Runs once the next status write has been stored (never if it fails). */
  void afterStored(Runnable action) {
    afterStored.add(action);
  }

  /** The document for {@code b}: the one read when nothing changed, so an idle pass writes none. */
  String document(Bookkeeping b) {
    return (b == read || b.equals(read)) && readDocument != null ? readDocument : b.write();
  }

  void write(DefinitionStatus status) {
    boolean changed = !status.equals(current);
    if (changed || !pendingEvents.isEmpty()) {
      definitions.updateStatus(def.id(), changed ? status : null, List.copyOf(pendingEvents));
      pendingEvents.clear();
      current = status;
    }
    inventory.record(def.id(), def.kind(), status.phase(), status.computeSystemId());
    afterStored.forEach(Runnable::run);
    afterStored.clear();
  }
}
