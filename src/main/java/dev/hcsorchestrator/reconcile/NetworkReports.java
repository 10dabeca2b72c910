package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkOnHost;
import dev.hcsorchestrator.host.ListedNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What this host reports of the declared networks (shown on each network: made here, or why it
 * cannot be), and the lock that keeps the sweep from removing a host network a pass is attaching a
 * definition to. Passes report as they provision; the sweep reloads what is stored and corrects it.
 * Reports of one network are written one at a time and only when they change; a slow write of one
 * network never holds another's, and no lock shared between networks is held while the store writes
 * or reads.
 */
final class NetworkReports {

  private static final System.Logger LOG = System.getLogger(NetworkReports.class.getName());

  private final DefinitionStore store;

  /**
   * The last report stored per network; absent: not known (written on the next report). Guarded by
   * its own monitor, held only to read or change the map, never over a store call.
   */
  private final Map<String, Optional<Report>> reported = new HashMap<>();

  /** Counts changes of {@link #reported} made by reports, so a reload can tell it raced one. */
  private long reportChanges;

  /** One monitor per network, held over its store call so its reports are stored in order. */
  private final Map<String, Object> writing = new ConcurrentHashMap<>();

  // passes hold it shared from making a network until their endpoints exist; the sweep's network
  // part holds it alone, so it never removes a network between a pass's check and its endpoint
  private final ReentrantReadWriteLock use = new ReentrantReadWriteLock(true);

  NetworkReports(DefinitionStore store) {
    this.store = store;
  }

  /** A network's state on this host and why. */
  record Report(NetworkOnHost.State state, String message) {}

  private final AtomicLong attachments = new AtomicLong();

  /** Held by a pass while it makes networks and attaches endpoints to them. */
  Lock attaching() {
    attachments.incrementAndGet();
    return use.readLock();
  }

  /** How many passes asked for {@link #attaching} so far. */
  long attachments() {
    return attachments.get();
  }

  /** Held by the sweep while it removes, replaces and reports networks. */
  Lock sweeping() {
    return use.writeLock();
  }

  void ready(String network) {
    report(network, Optional.of(new Report(NetworkOnHost.State.Ready, null)));
  }

  void failed(String network, String message) {
    report(network, Optional.of(new Report(NetworkOnHost.State.Failed, message)));
  }

  /** Stores {@code wanted} (empty: no report) unless it is what was stored last. */
  void report(String network, Optional<Report> wanted) {
    synchronized (writing.computeIfAbsent(network, n -> new Object())) {
      synchronized (reported) {
        if (wanted.equals(reported.get(network))) {
          return;
        }
      }
      Optional<Report> stored;
      try {
        Report r = wanted.orElse(null);
        store.reportNetwork(network, r == null ? null : r.state(), r == null ? null : r.message());
        stored = wanted;
      } catch (RuntimeException e) {
        // the next sweep reports again
        stored = null;
        LOG.log(System.Logger.Level.DEBUG, "Cannot report network {0}: {1}", network, e.toString());
      }
      synchronized (reported) {
        if (stored == null) {
          reported.remove(network);
        } else {
          reported.put(network, stored);
        }
        reportChanges++;
      }
    }
  }

  /** What is stored for this host now, which later reports are compared with. */
  Map<String, Report> reload() {
    long changesBefore;
    synchronized (reported) {
      changesBefore = reportChanges;
    }
    Map<String, Report> stored = new HashMap<>();
    for (NetworkOnHost r : store.networkReports()) {
      stored.put(r.network(), new Report(r.state(), r.message()));
    }
    synchronized (reported) {
      reported.clear();
      // a report stored while this read ran may be newer than what it read: then nothing is
      // known, and the next report of each network is written
      if (reportChanges == changesBefore) {
        stored.forEach((name, r) -> reported.put(name, Optional.of(r)));
      }
    }
    return stored;
  }

  /**
   * Why a declared network cannot be made on a host holding {@code onHost}: a network this service
   * did not make ({@code owner} differs) has its name, or a subnet overlapping its subnet. A
   * declared network is never resolved to such a network.
   */
  static Optional<String> foreignClash(Network declared, List<ListedNetwork> onHost, String owner) {
    for (ListedNetwork n : onHost) {
      if (Objects.equals(owner, n.owner())) {
        continue;
      }
      if (declared.name().equals(n.name())) {
        return Optional.of(
            "Declared network "
                + declared.name()
                + " has the name of a host network this service did not make; declare it under"
                + " another name, or delete the declaration to use the host's network");
      }
      if (Network.subnetsOverlap(declared.subnet(), n.subnet())) {
        return Optional.of(
            "The subnet "
                + declared.subnet()
                + " of declared network "
                + declared.name()
                + " overlaps the subnet "
                + n.subnet()
                + " of host network "
                + (n.name() == null ? n.id() : n.name())
                + ", which this service did not make; declare another subnet");
      }
    }
    return Optional.empty();
  }
}
