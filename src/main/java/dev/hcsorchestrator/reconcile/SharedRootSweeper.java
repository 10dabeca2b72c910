package dev.hcsorchestrator.reconcile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Sweeps the fleet's shared root ({@code hcs.storage.shared-root}, {@code <shared root>/<definition
 * id>/}) of what definitions that no longer exist left there: a deletion that could not remove
 * every file, a host lost meanwhile, a file made and never recorded. Every host sees the shared
 * root at once, so a host removes only what provably belongs to no stored definition, and never a
 * file another host holds open:
 *
 * <ul>
 *   <li>the folders are listed first and the database read afterwards, from the database itself
 *       (not a host's cache): a folder is made only after its definition's row is committed, and a
 *       definition id never comes back, so a folder listed and not stored then is of a definition
 *       that is gone for good;
 *   <li>each file is deleted on its own, as Windows deletes: a disk a VM's worker process holds
 *       open (a hung host's VM, still running) is not deleted ({@code ERROR_SHARING_VIOLATION}),
 *       stays, and the next sweep tries again; the folder goes once it is empty.
 * </ul>
 *
 * Folders of stored definitions, whichever host they are assigned to and whatever their phase, are
 * never touched: their files are removed by their deletion.
 */
final class SharedRootSweeper {

  private static final System.Logger LOG = System.getLogger(SharedRootSweeper.class.getName());

  /** The {@code kind} label of {@code hcs_drift_total{cause="orphan"}}. */
  static final String SHARED_FILES = "SharedFiles";

  private final PassTools tools;
  private final Set<UUID> failing = new HashSet<>();

  SharedRootSweeper(PassTools tools) {
    this.tools = tools;
  }

  /** One sweep; never throws. */
  void sweep() {
    Path root = tools.settings().sharedRoot();
    if (root == null) {
      return;
    }
    try {
      List<UUID> listed = new ArrayList<>();
      for (String name : tools.resources().subfolders(root.toString())) {
        ResourceSweeper.definitionId(name).ifPresent(listed::add);
      }
      if (listed.isEmpty()) {
        return;
      }
      Set<UUID> stored = new HashSet<>(tools.definitions().storedIds());
      Set<UUID> orphans = new HashSet<>();
      for (UUID id : listed) {
        if (!stored.contains(id)) {
          orphans.add(id);
          remove(root.resolve(id.toString()), id);
        }
      }
      failing.retainAll(orphans);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "Sweep of the shared root skipped: {0}", e.toString());
    }
  }

  private void remove(Path folder, UUID id) {
    List<String> kept = new ArrayList<>();
    for (String sub : tools.resources().subfolders(folder.toString())) {
      String path = folder.resolve(sub).toString();
      if ((sub.equals("scratch") || sub.startsWith("scratch-"))
          && tools.containers().holdsScratch(path)) {
        delete(path, kept, () -> tools.containers().deleteScratch(path));
      }
      delete(path, kept, () -> tools.resources().deleteEmptyDirectory(path));
    }
    for (String file : tools.resources().files(folder.toString())) {
      String path = folder.resolve(file).toString();
      delete(path, kept, () -> tools.resources().deleteFile(path));
    }
    if (kept.isEmpty()) {
      tools.resources().deleteEmptyDirectory(folder.toString());
      if (tools.resources().subfolders(folder.getParent().toString()).contains(id.toString())) {
        return; // something not ours is still in it: left as it is
      }
      failing.remove(id);
      LOG.log(
          System.Logger.Level.WARNING,
          "Removed {0} from the shared root: no definition {1} exists",
          folder,
          id);
      tools.metrics().drift(SHARED_FILES, "orphan");
    } else if (failing.add(id)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Cannot remove yet from the shared root, definition {0} no longer exists: {1} (held open"
              + " by a host?); the next sweep tries again",
          id,
          kept);
    }
  }

  private static void delete(String path, List<String> kept, Runnable deletion) {
    try {
      deletion.run();
    } catch (RuntimeException e) {
      kept.add(path + " (" + e.getMessage() + ")");
    }
  }
}
