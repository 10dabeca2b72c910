package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases the failover definitions of hosts whose lease has been expired for {@code
 * failover-after}, so that the scheduler places them on another host. Every live host runs it; the
 * database decides: the lost host's row is locked and its lease checked again in the transaction
 * that releases, so a host renewing at that moment either renews first (and keeps them) or waits
 * for the release and then sees the definitions gone.
 */
final class FleetFailover {

  private final HostRows hosts;
  private final DefinitionPlacements placements;
  private final TransactionTemplate tx;
  private final Duration failoverAfter;

  FleetFailover(
      HostRows hosts,
      DefinitionPlacements placements,
      TransactionTemplate tx,
      Duration failoverAfter) {
    this.hosts = hosts;
    this.placements = placements;
    this.tx = tx;
    this.failoverAfter = failoverAfter;
  }

  /** One pass over the hosts as just read; returns how many definitions it released. */
  int pass(List<HostRows.Row> rows) {
    List<String> gone = rows.stream().filter(this::pastFailover).map(HostRows.Row::name).toList();
    if (gone.isEmpty()) {
      return 0;
    }
    int released = 0;
    for (Map.Entry<UUID, String> e : placements.failoverAssignedTo(gone).entrySet()) {
      UUID id = e.getKey();
      String host = e.getValue();
      Boolean done =
          tx.execute(
              s -> {
                HostRows.Row locked = hosts.lock(host).orElse(null);
                if (locked != null && !pastFailover(locked)) {
                  return false; // it came back
                }
                return placements.release(
                    id,
                    host,
                    EventType.FailedOver,
                    "host "
                        + host
                        + " lost its lease at "
                        + (locked == null ? "an unknown time" : locked.leaseExpiresAt())
                        + " and did not return within "
                        + failoverAfter
                        + ": released to another host");
              });
      if (Boolean.TRUE.equals(done)) {
        released++;
      }
    }
    return released;
  }

  private boolean pastFailover(HostRows.Row r) {
    Instant cutoff = r.now().minus(failoverAfter);
    return r.leaseExpiresAt().isBefore(cutoff);
  }
}
