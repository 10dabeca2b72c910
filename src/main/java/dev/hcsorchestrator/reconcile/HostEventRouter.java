package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.host.HostEvent;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns host events into work: the exit goes into the ledger (the only place its type survives),
 * and the owning definition is queued. An id no definition is known to own queues a sweep; a lost
 * host service queues everything.
 */
public final class HostEventRouter implements Consumer<HostEvent> {

  private final Inventory inventory;
  private final ExitLedger exits;
  private final Clock clock;
  private final Consumer<UUID> enqueue;
  private final Runnable sweep;
  private final Runnable resyncAll;

  public HostEventRouter(
      Inventory inventory,
      ExitLedger exits,
      Clock clock,
      Consumer<UUID> enqueue,
      Runnable sweep,
      Runnable resyncAll) {
    this.inventory = inventory;
    this.exits = exits;
    this.clock = clock;
    this.enqueue = enqueue;
    this.sweep = sweep;
    this.resyncAll = resyncAll;
  }

  @Override
  public void accept(HostEvent event) {
    if (event instanceof HostEvent.SystemExited e) {
      exits.record(e.systemId(), new ExitLedger.Exit(exitType(e), null, clock.instant()));
      route(e.systemId());
    } else if (event instanceof HostEvent.ProcessExited e) {
      exits.record(
          e.systemId(), new ExitLedger.Exit(ExitType.ProcessExit, e.exitCode(), clock.instant()));
      route(e.systemId());
    } else if (event instanceof HostEvent.ServiceDisconnected) {
      inventory.snapshot().clear(); // its handles are gone with the service
      resyncAll.run();
    }
  }

  private static ExitType exitType(HostEvent.SystemExited e) {
    return switch (e.exitType()) {
      case GracefulExit -> ExitType.GracefulExit;
      case ForcedExit -> ExitType.ForcedExit;
      case UnexpectedExit -> ExitType.UnexpectedExit;
      case Unknown -> ExitType.Unknown;
    };
  }

  private void route(String systemId) {
    Optional<UUID> owner = inventory.ownerOf(systemId);
    if (owner.isPresent()) {
      inventory.snapshot().touch(owner.get()); // before the pass it queues can look
      enqueue.accept(owner.get());
    } else {
      sweep.run();
    }
  }
}
