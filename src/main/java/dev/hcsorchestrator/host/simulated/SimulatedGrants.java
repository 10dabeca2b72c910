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
 * Grants outlive a restart of the service, as a real host keeps them in the files' access lists:
 * one small file per system id in a folder beside the systems ({@code grants/}), rewritten under
 * that id's own lock when its grants change, so a grant costs the same however many systems exist.
 */
final class SimulatedGrants {

  private static final String PARENT_MARKER = "ParentPath ";

  /** What one system id may open, as stored. */
  record Stored(String id, List<String> files) {}

  private final boolean enforced;
  private final SimulatorStore store;
  private final Map<String, Set<Path>> granted = new ConcurrentHashMap<>();

  /**
   * @param store the folder the grants are kept in (null: in memory only); a {@code grants.tsv}
   *     beside it, as earlier versions kept the whole table, is taken over and removed
   */
  SimulatedGrants(boolean enforced, Path store) {
    this.enforced = enforced;
    this.store = store == null ? null : new SimulatorStore(store);
    if (store == null) {
      return;
    }
    for (Stored s : this.store.load(Stored.class)) {
      Set<Path> files = granted.computeIfAbsent(s.id(), id -> ConcurrentHashMap.newKeySet());
      s.files().forEach(f -> files.add(key(f)));
    }
    takeOverTable(store.resolveSibling("grants.tsv"));
  }

  private void takeOverTable(Path table) {
    if (!Files.isRegularFile(table)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(table, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          granted
              .computeIfAbsent(line.substring(0, tab), id -> ConcurrentHashMap.newKeySet())
              .add(key(line.substring(tab + 1)));
        }
      }
      for (Map.Entry<String, Set<Path>> e : granted.entrySet()) {
        save("grants", e.getKey(), e.getValue());
      }
      Files.delete(table);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read simulated grants " + table, e);
    }
  }

  void grant(String fn, String vmId, String path) {
    SimulatedChecks.requireFile(fn, path);
    Path file = key(path);
    while (true) {
      Set<Path> files = granted.computeIfAbsent(vmId, id -> ConcurrentHashMap.newKeySet());
      synchronized (files) {
        if (granted.get(vmId) != files) {
          continue; // emptied and dropped meanwhile: take the current set
        }
        if (files.add(file)) {
          save(fn, vmId, files);
        }
        return;
      }
    }
  }

  /** A file that is gone took its access entry with it: forgotten, then reported not found. */
  void revoke(String fn, String vmId, String path) {
    Set<Path> files = granted.get(vmId);
    if (files != null && path != null && !path.isBlank()) {
      synchronized (files) {
        if (files.remove(key(path))) {
          save(fn, vmId, files);
          if (files.isEmpty()) {
            granted.remove(vmId, files); // after its file is gone: a later grant writes anew
          }
        }
      }
    }
    SimulatedChecks.requireFile(fn, path);
  }

  /** Writes one system id's grants (the caller holds its set's lock); none left: its file goes. */
  private void save(String fn, String vmId, Set<Path> files) {
    if (store == null) {
      return;
    }
    try {
      if (files.isEmpty()) {
        store.delete(vmId);
      } else {
        store.write(vmId, new Stored(vmId, files.stream().map(Path::toString).sorted().toList()));
      }
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, "cannot store the grant: " + e.getMessage());
    }
  }

  /** Whether {@code vmId} may open {@code path} (tests and diagnostics). */
  boolean isGranted(String vmId, String path) {
    Set<Path> files = granted.get(vmId);
    return files != null && files.contains(key(path));
  }

  /** Every file {@code vmId} may open, sorted (tests and diagnostics). */
  List<String> granted(String vmId) {
    Set<Path> files = granted.get(vmId);
    return files == null ? List.of() : files.stream().map(Path::toString).sorted().toList();
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
