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
import java.util.Arrays;
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
  private final Map<String, Access> granted = new ConcurrentHashMap<>();

  /**
   * One system id's files, absolute and normalized, sorted; replaced whole under this object's
   * monitor, read without it. Strings in an array, not a set of paths: at 10,000 systems a set of
   * {@link Path}s (each keeping its bytes and its string) held a megabyte per thousand systems
   * more.
   */
  private static final class Access {
    private volatile String[] files = new String[0];

    boolean contains(String file) {
      return Arrays.binarySearch(files, file) >= 0;
    }

    /** Adds the file; false when it was there. The caller holds the monitor. */
    boolean add(String file) {
      String[] now = files;
      int at = Arrays.binarySearch(now, file);
      if (at >= 0) {
        return false;
      }
      int insert = -at - 1;
      String[] next = new String[now.length + 1];
      System.arraycopy(now, 0, next, 0, insert);
      next[insert] = file;
      System.arraycopy(now, insert, next, insert + 1, now.length - insert);
      files = next;
      return true;
    }

    /** Removes the file; false when it was not there. The caller holds the monitor. */
    boolean remove(String file) {
      String[] now = files;
      int at = Arrays.binarySearch(now, file);
      if (at < 0) {
        return false;
      }
      String[] next = new String[now.length - 1];
      System.arraycopy(now, 0, next, 0, at);
      System.arraycopy(now, at + 1, next, at, now.length - at - 1);
      files = next;
      return true;
    }

    List<String> sorted() {
      return List.of(files);
    }
  }

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
      Access files = granted.computeIfAbsent(s.id(), id -> new Access());
      synchronized (files) {
        s.files().forEach(f -> files.add(key(f)));
      }
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
          Access files = granted.computeIfAbsent(line.substring(0, tab), id -> new Access());
          synchronized (files) {
            files.add(key(line.substring(tab + 1)));
          }
        }
      }
      for (Map.Entry<String, Access> e : granted.entrySet()) {
        synchronized (e.getValue()) {
          save("grants", e.getKey(), e.getValue());
        }
      }
      Files.delete(table);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read simulated grants " + table, e);
    }
  }

  void grant(String fn, String vmId, String path) {
    SimulatedChecks.requireFile(fn, path);
    String file = key(path);
    while (true) {
      Access files = granted.computeIfAbsent(vmId, id -> new Access());
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
    Access files = granted.get(vmId);
    if (files != null && path != null && !path.isBlank()) {
      synchronized (files) {
        if (files.remove(key(path))) {
          save(fn, vmId, files);
          if (files.files.length == 0) {
            granted.remove(vmId, files); // after its file is gone: a later grant writes anew
          }
        }
      }
    }
    SimulatedChecks.requireFile(fn, path);
  }

  /** Writes one system id's grants (the caller holds its set's lock); none left: its file goes. */
  private void save(String fn, String vmId, Access files) {
    if (store == null) {
      return;
    }
    try {
      List<String> sorted = files.sorted();
      if (sorted.isEmpty()) {
        store.delete(vmId);
      } else {
        store.write(vmId, new Stored(vmId, sorted));
      }
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, "cannot store the grant: " + e.getMessage());
    }
  }

  /** Whether {@code vmId} may open {@code path} (tests and diagnostics). */
  boolean isGranted(String vmId, String path) {
    Access files = granted.get(vmId);
    return files != null && files.contains(key(path));
  }

  /** Every file {@code vmId} may open, sorted (tests and diagnostics). */
  List<String> granted(String vmId) {
    Access files = granted.get(vmId);
    return files == null ? List.of() : files.sorted();
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

  private static String key(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }
}
