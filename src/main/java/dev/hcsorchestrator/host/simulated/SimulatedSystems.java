package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.SimulatedChecks.blank;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.checkDocument;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.fail;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.parse;
import static dev.hcsorchestrator.host.simulated.SimulatedChecks.requireId;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.PropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.SystemPropertyType;
import dev.hcsorchestrator.host.hcs.schema.SystemQuery;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Which simulated compute systems exist and what they answer: create (the document checked as HCS
 * does, the files it names granted to the system, a container's storage mounted), open and close of
 * handles (a stopped system stays a tombstone while a handle holds it), properties and enumeration.
 */
final class SimulatedSystems {

  private final SimulatedHostState host;
  private final SimulatorFaults faults;
  private final SimulatedGrants grants;
  private volatile ContainerStorageCheck containerStorage = ContainerStorageCheck.ANY;

  SimulatedSystems(SimulatedHostState host, SimulatorFaults faults, SimulatedGrants grants) {
    this.host = host;
    this.faults = faults;
    this.grants = grants;
  }

  /** See {@link SimulatedComputeCore#setContainerStorageCheck}. */
  void setContainerStorageCheck(ContainerStorageCheck check) {
    this.containerStorage = check;
  }

  void createComputeSystem(String id, String configuration) {
    String fn = "HcsCreateComputeSystem";
    faults.check("Create", fn);
    host.delay("create");
    requireId(fn, id);
    ComputeSystem doc = parse(fn, configuration, ComputeSystem.class, true);
    checkDocument(fn, doc);
    grants.requireGranted(fn, id, doc);
    if (doc.container() != null) {
      containerStorage.check(fn, doc.container().storage().path());
    }
    SimSystem created =
        new SimSystem(
            id,
            doc.owner(),
            doc.virtualMachine() != null ? SystemType.VirtualMachine : SystemType.Container,
            UUID.randomUUID().toString(),
            configuration);
    // Held while published, so no other call sees the system before its state is written.
    synchronized (created) {
      SimSystem previous =
          host.systems.compute(
              id, (k, existing) -> existing == null || existing.gone ? created : existing);
      if (previous != created) {
        throw fail(fn, HResults.HCS_E_SYSTEM_ALREADY_EXISTS, "a compute system " + id + " exists");
      }
      try {
        host.sharedDisks.open(fn, id, doc);
      } catch (HcsException e) {
        host.systems.remove(id, created);
        throw e;
      }
      host.open.add(id);
      try {
        host.persist(fn, created);
      } catch (HcsException e) {
        host.systems.remove(id, created);
        host.sharedDisks.close(id);
        throw e;
      }
    }
  }

  void openComputeSystem(String id) {
    String fn = "HcsOpenComputeSystem";
    SimSystem s = host.systems.get(id);
    if (s == null || (s.gone && !host.open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    host.open.add(id);
  }

  void closeComputeSystem(String id) {
    if (id == null || !host.open.remove(id)) {
      return;
    }
    SimSystem s = host.systems.get(id);
    if (s != null) {
      synchronized (s) {
        if (s.gone) {
          host.systems.remove(id, s);
        }
      }
    }
  }

  String getComputeSystemProperties(String id, String propertyQuery) {
    String fn = "HcsGetComputeSystemProperties";
    faults.check("Properties", fn);
    host.delay("properties");
    PropertyQuery query =
        blank(propertyQuery) ? null : parse(fn, propertyQuery, PropertyQuery.class, false);
    SimSystem s = host.systems.get(id);
    if (s == null || (s.gone && !host.open.contains(id))) {
      throw fail(fn, HResults.HCS_E_SYSTEM_NOT_FOUND, "no compute system " + id);
    }
    boolean processList =
        query != null
            && query.propertyTypes() != null
            && query.propertyTypes().contains(SystemPropertyType.ProcessList);
    synchronized (s) {
      return HcsJson.write(s.properties(processList));
    }
  }

  String enumerateComputeSystems(String query) {
    String fn = "HcsEnumerateComputeSystems";
    faults.check("Enumerate", fn);
    host.delay("enumerate");
    SystemQuery q = blank(query) ? null : parse(fn, query, SystemQuery.class, false);
    List<Properties> out = new ArrayList<>();
    for (SimSystem s : host.systems.values()) {
      synchronized (s) {
        if (!s.gone && matches(q, s)) {
          out.add(s.properties(false));
        }
      }
    }
    out.sort(Comparator.comparing(Properties::id));
    return HcsJson.write(out);
  }

  private static boolean matches(SystemQuery q, SimSystem s) {
    if (q == null) {
      return true;
    }
    return (q.ids() == null || q.ids().contains(s.id))
        && (q.names() == null || q.names().contains(s.id))
        && (q.types() == null || q.types().contains(s.type))
        && (q.owners() == null || q.owners().contains(s.owner));
  }
}
