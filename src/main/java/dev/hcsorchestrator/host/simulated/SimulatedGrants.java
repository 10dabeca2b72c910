package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.VirtualMachine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HcsGrantVmAccess and HcsRevokeVmAccess simulated: which files each compute system id may open.
 * With {@code hcs.simulator.enforce-grants} a VM whose document names a file not granted to its id
 * is refused with E_ACCESSDENIED naming the file, as the VM's worker process on a real host cannot
 * open it. The files are those the document names (SCSI disks and ISOs, guest and runtime state,
 * the restore file) and the parents of simulated differencing disks, followed down the chain.
 * Grants are kept in a file beside the systems ({@code grants.tsv}), as a real host keeps them in
 * the files' access lists: they outlive a restart of the service.
 */
final class SimulatedGrants {

  private static final String PARENT_MARKER = "ParentPath ";

  private final boolean enforced;
  private final Path store;
  private final Map<String, Set<Path>> granted = new ConcurrentHashMap<>();

  /**
   * @param store where the grants are kept (null: in memory only)
   */
  SimulatedGrants(boolean enforced, Path store) {
    this.enforced = enforced;
    this.store = store;
    if (store != null && Files.isRegularFile(store)) {
      try {
        for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            granted
                .computeIfAbsent(line.substring(0, tab), id -> ConcurrentHashMap.newKeySet())
                .add(key(line.substring(tab + 1)));
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read simulated grants " + store, e);
      }
    }
  }

  void grant(String fn, String vmId, String path) {
    SimulatedChecks.requireFile(fn, path);
    granted.computeIfAbsent(vmId, id -> ConcurrentHashMap.newKeySet()).add(key(path));
    save(fn);
  }

  /** A file that is gone took its access entry with it: forgotten, then reported not found. */
  void revoke(String fn, String vmId, String path) {
    Set<Path> files = granted.get(vmId);
    if (files != null && path != null && !path.isBlank()) {
      files.remove(key(path));
      save(fn);
    }
    SimulatedChecks.requireFile(fn, path);
  }

  private synchronized void save(String fn) {
    if (store == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    granted.forEach(
        (id, files) -> files.forEach(f -> text.append(id).append('\t').append(f).append('\n')));
    try {
      Files.createDirectories(store.toAbsolutePath().getParent());
      Files.writeString(store, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, "cannot store the grant: " + e.getMessage());
    }
  }

  /** Whether {@code vmId} may open {@code path} (tests and diagnostics). */
  boolean isGranted(String vmId, String path) {
    Set<Path> files = granted.get(vmId);
    return files != null && files.contains(key(path));
  }

  /** Refuses, naming the first file the VM could not open, when grants are enforced. */
  void requireGranted(String fn, String systemId, ComputeSystem doc) {
    if (!enforced || doc == null || doc.virtualMachine() == null) {
      return;
    }
    for (String file : referencedFiles(doc.virtualMachine())) {
      if (!isGranted(systemId, file)) {
        throw fail(
            fn,
            HResults.E_ACCESSDENIED,
            "the worker process of "
                + systemId
                + " cannot open "
                + file
                + ": access denied (no HcsGrantVmAccess for this system)");
      }
    }
  }

  /** Refuses a file the VM's worker process writes (a save target) unless granted to it. */
  void requireGrantedFile(String fn, String systemId, String path) {
    if (enforced && !isGranted(systemId, path)) {
      throw fail(
          fn,
          HResults.E_ACCESSDENIED,
          "the worker process of "
              + systemId
              + " cannot write "
              + path
              + ": access denied (no HcsGrantVmAccess for this system)");
    }
  }

  /** Every file a VM's worker process opens, parents of differencing disks included. */
  static List<String> referencedFiles(VirtualMachine vm) {
    Set<String> files = new LinkedHashSet<>();
    if (vm.devices() != null && vm.devices().scsi() != null) {
      vm.devices()
          .scsi()
          .values()
          .forEach(
              scsi -> {
                if (scsi != null && scsi.attachments() != null) {
                  scsi.attachments()
                      .values()
                      .forEach(
                          a -> {
                            if (a != null && !blank(a.path())) {
                              files.add(a.path());
                              files.addAll(parentChain(a.path()));
                            }
                          });
                }
              });
    }
    if (vm.guestState() != null) {
      addIfSet(files, vm.guestState().guestStateFilePath());
      addIfSet(files, vm.guestState().runtimeStateFilePath());
    }
    if (vm.restoreState() != null) {
      addIfSet(files, vm.restoreState().saveStateFilePath());
    }
    return new ArrayList<>(files);
  }

  private static void addIfSet(Set<String> files, String path) {
    if (!blank(path)) {
      files.add(path);
    }
  }

  /** The parents named by simulated differencing disks that exist here, nearest first. */
  private static List<String> parentChain(String disk) {
    List<String> chain = new ArrayList<>();
    String current = disk;
    for (int depth = 0; depth < 64; depth++) {
      String parent = parentOf(current);
      if (parent == null || chain.contains(parent)) {
        break;
      }
      chain.add(parent);
      current = parent;
    }
    return chain;
  }

  private static String parentOf(String disk) {
    try {
      Path file = Path.of(disk);
      if (!Files.isRegularFile(file)) {
        return null;
      }
      byte[] head;
      try (var in = Files.newInputStream(file)) {
        head = in.readNBytes(4096);
      }
      for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
        int at = line.indexOf(PARENT_MARKER);
        if (line.startsWith("simulated differencing") && at >= 0) {
          return line.substring(at + PARENT_MARKER.length()).replace("\u0000", "").trim();
        }
      }
      return null;
    } catch (IOException | InvalidPathException e) {
      return null;
    }
  }

  private static Path key(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }
}
