package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.SystemSpec;
import dev.hcsorchestrator.host.SystemType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * File grants (HcsGrantVmAccess) as a dependent of an incarnation. A VM's worker process runs under
 * its own virtual account, named after the system id, and opens only files granted to that id:
 * every disk (made by the service or named by the owner) with every parent of its differencing
 * chain as the host reports it, every ISO, the guest state file, the restore file, and the save
 * target. A grant is an entry in the file's access list for that one id, so each incarnation is
 * granted anew.
 *
 * <p>Recorded in the bookkeeping under {@code grant} as {@code "<system id> <path>"} before the
 * host call, like every dependent; revoked for older incarnations once the next one runs, for the
 * restore file before it is deleted, and all of them when the definition goes (a file that is gone
 * took its grant with it: that counts as revoked).
 */
final class Grants {

  static final String GRANT = "grant";

  private final PassTools tools;

  Grants(PassTools tools) {
    this.tools = tools;
  }

  /**
   * Every file the worker process of this VM opens; nothing for a container. A disk's chain is read
   * from the host (host I/O: call outside any lock).
   */
  List<String> files(Definition def, SystemSpec spec) {
    Set<String> files = new LinkedHashSet<>();
    if (spec.type() != SystemType.VirtualMachine) {
      return List.of();
    }
    for (SystemSpec.AttachedDisk d : spec.disks()) {
      if (d.iso()) {
        files.add(d.path());
      } else {
        files.addAll(tools.resources().diskChain(d.path()));
      }
    }
    for (DiskSpec d : SystemSpecs.disks(def.spec())) {
      if (d.parent() != null) {
        files.add(d.parent()); // also when the chain could not be read from a disk not yet made
      }
    }
    addIfSet(files, spec.guestStateFile());
    addIfSet(files, spec.restoreStateFile());
    return List.copyOf(files);
  }

  /** Records the grants of {@code systemId}; the caller writes ahead. Whether the record grew. */
  static boolean record(StatusDraft s, String systemId, Collection<String> files) {
    if (files.isEmpty()) {
      return false;
    }
    return s.memory().add(GRANT, files.stream().map(f -> key(systemId, f)).toList());
  }

  /** Grants every file (again: harmless), after the record is durable. */
  void grantAll(String systemId, Collection<String> files) {
    for (String f : files) {
      grantOne(systemId, f);
    }
  }

  /** A refused grant is a configuration error (an ACL the service cannot change): terminal. */
  private void grantOne(String systemId, String file) {
    try {
      tools.resources().grantAccess(systemId, file);
    } catch (HostException.Rejected e) {
      throw new Reconciler.TerminalError(
          "Access to " + file + " cannot be granted to " + systemId + ": " + e.getMessage());
    }
  }

  /** One more file for a running system (the save target): recorded, written ahead, granted. */
  void grant(StatusDraft s, String systemId, String file) {
    if (record(s, systemId, List.of(file))) {
      s.writeAhead();
    }
    grantOne(systemId, file);
  }

  /** Revokes one grant and drops it from the record. */
  void revoke(StatusDraft s, String systemId, String file) {
    tools.resources().revokeAccess(systemId, file);
    forget(s, List.of(key(systemId, file)));
  }

  /** Revokes every recorded grant except those of {@code keepId} (null: all of them). */
  void revokeAllBut(StatusDraft s, String keepId) {
    List<String> done = new ArrayList<>();
    for (String k : s.memory().keys(GRANT)) {
      int at = k.indexOf(' ');
      String systemId = k.substring(0, at);
      if (!systemId.equals(keepId)) {
        tools.resources().revokeAccess(systemId, k.substring(at + 1));
        done.add(k);
      }
    }
    forget(s, done);
  }

  private static void forget(StatusDraft s, List<String> keys) {
    s.memory().remove(GRANT, keys);
  }

  private static String key(String systemId, String file) {
    return systemId + " " + file;
  }

  private static void addIfSet(Set<String> files, String value) {
    if (value != null) {
      files.add(value);
    }
  }
}
