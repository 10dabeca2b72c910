package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Network;
import dev.hcsorchestrator.definition.NetworkOnHost;
import dev.hcsorchestrator.host.ListedNetwork;
import dev.hcsorchestrator.host.NetworkRequest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The network part of the resource sweep, after the endpoints: the HCN networks this service made
 * (its {@code Owner}) follow the declarations and the definitions this host runs. One that is no
 * longer declared goes once no definition of this host names it. A declared one no definition of
 * this host names goes while definitions on other hosts use it (they moved away); when no
 * definition anywhere uses it, the hosts holding it keep it, so that the next user finds it and a
 * changed declaration is applied there. One whose declared type, subnet or gateway changed is
 * replaced (the old removed first), unless a definition of this host still uses it. Then what this
 * host reports of each declared network is brought in line ({@link NetworkReports}).
 */
final class NetworkSweep {

  // the resource sweep's logger: one name for every removal an operator looks for
  private static final System.Logger LOG = System.getLogger(ResourceSweeper.class.getName());

  private final PassTools tools;
  private final NetworkReports reports;

  /** Networks whose removal failed and was logged at WARNING: later failures log at DEBUG. */
  private final Set<String> failing = new HashSet<>();

  NetworkSweep(PassTools tools, NetworkReports reports) {
    this.tools = tools;
    this.reports = reports;
  }

  /**
   * One sweep; never throws. {@code usedHere} reads which networks the definitions of this host
   * name (every phase, deleting ones included); it is read under the lock that passes attaching a
   * definition to a network hold, so no network is removed under a pass that is about to use it.
   */
  void sweep(Supplier<Set<String>> usedHere) {
    reports.sweeping().lock();
    try {
      sweepLocked(usedHere);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Sweep of networks skipped: {0}", e.toString());
    } finally {
      reports.sweeping().unlock();
    }
  }

  private void sweepLocked(Supplier<Set<String>> usedHere) {
    String owner = tools.settings().owner();
    List<ListedNetwork> onHost = tools.resources().listNetworks();
    Map<String, NetworkReports.Report> stored = reports.reload();
    Map<String, ListedNetwork> ours = new HashMap<>();
    for (ListedNetwork n : onHost) {
      if (owner.equals(n.owner()) && n.name() != null) {
        ours.put(n.name(), n);
      }
    }
    if (ours.isEmpty() && stored.isEmpty()) {
      failing.clear();
      return; // nothing of ours on the host and nothing reported: no definition is read
    }
    Map<String, Network> declared = new HashMap<>();
    tools.definitions().networks().forEach(n -> declared.put(n.name(), n));
    Set<String> used = usedHere.get();
    Set<String> inFleet = null;
    Set<String> held = new HashSet<>(ours.keySet());
    for (ListedNetwork n : ours.values()) {
      Network wanted = declared.get(n.name());
      boolean here = used.contains(n.name());
      if (!here && wanted == null) {
        remove(n, "it is no longer declared", held);
      } else if (!here) {
        if (inFleet == null) {
          inFleet = tools.definitions().networksInUse();
        }
        if (inFleet.contains(n.name())) {
          remove(n, "no definition of this host uses it", held);
        } else if (differs(n, wanted)) {
          replace(n, wanted);
        }
      } else if (wanted != null && differs(n, wanted) && failing.add(n.id())) {
        LOG.log(
            System.Logger.Level.WARNING,
            "HCN network {0} no longer has its declared settings, but definitions use it: left as"
                + " it is",
            n.name());
      }
    }
    failing.retainAll(ours.values().stream().map(ListedNetwork::id).toList());
    Set<String> names = new TreeSet<>(stored.keySet());
    names.addAll(held);
    for (String name : names) {
      reports.report(name, wanted(declared.get(name), used.contains(name), held, onHost));
    }
  }

  /**
   * What this host reports of a network: why it cannot be made, while a definition here needs it;
   * {@code Ready} while the host holds it; else nothing.
   */
  private Optional<NetworkReports.Report> wanted(
      Network declared, boolean used, Set<String> held, List<ListedNetwork> onHost) {
    if (declared == null) {
      return Optional.empty();
    }
    if (used) {
      Optional<String> clash =
          NetworkReports.foreignClash(declared, onHost, tools.settings().owner());
      if (clash.isPresent()) {
        return Optional.of(new NetworkReports.Report(NetworkOnHost.State.Failed, clash.get()));
      }
    }
    return held.contains(declared.name())
        ? Optional.of(new NetworkReports.Report(NetworkOnHost.State.Ready, null))
        : Optional.empty();
  }

  /**
   * Whether a host network made for a declaration no longer has the declared type, subnet or
   * gateway. Only what the host reports is compared: a setting it does not report is taken as it
   * was declared, so that a host describing its networks differently never makes a network be
   * replaced at every sweep.
   */
  static boolean differs(ListedNetwork n, Network wanted) {
    return n.type() != null && !n.type().equalsIgnoreCase(wanted.type().name())
        || n.subnet() != null && !n.subnet().equals(wanted.subnet())
        || n.gateway() != null && !n.gateway().equals(wanted.gateway());
  }

  private void remove(ListedNetwork n, String why, Set<String> held) {
    attempt(
        n,
        () -> {
          tools.resources().deleteNetwork(n.name());
          held.remove(n.name());
          LOG.log(
              System.Logger.Level.WARNING,
              "Removed HCN network {0} ({1}): {2}",
              n.name(),
              n.id(),
              why);
          tools.metrics().drift(ResourceSweeper.NETWORK, "orphan");
        });
  }

  /**
   * A declaration no definition of this host uses changed: the host network made for the old one is
   * removed, then the new one made, so that nothing of the old settings stays behind.
   */
  private void replace(ListedNetwork n, Network wanted) {
    attempt(
        n,
        () -> {
          tools.resources().deleteNetwork(n.name());
          tools
              .resources()
              .ensureNetwork(
                  new NetworkRequest(
                      wanted.name(), wanted.type().name(), wanted.subnet(), wanted.gateway()));
          LOG.log(
              System.Logger.Level.WARNING,
              "Replaced HCN network {0}: its declaration changed from {1} {2} gateway {3} to {4}"
                  + " {5} gateway {6}",
              n.name(),
              n.type(),
              n.subnet(),
              n.gateway(),
              wanted.type(),
              wanted.subnet(),
              wanted.gateway());
          tools.metrics().drift(ResourceSweeper.NETWORK, "changed");
        });
  }

  /** Runs one change; a failure is logged (at WARNING the first time) and the sweep goes on. */
  private void attempt(ListedNetwork n, Runnable change) {
    try {
      change.run();
      failing.remove(n.id());
    } catch (RuntimeException e) {
      System.Logger.Level level =
          failing.add(n.id()) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
      LOG.log(
          level,
          "Cannot remove orphan network {0}, next resync tries again: {1}",
          n.name(),
          e.toString());
    }
  }
}
