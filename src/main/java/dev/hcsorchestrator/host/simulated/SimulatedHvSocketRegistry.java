package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GuestCommunicationServices registry key simulated: one file per service GUID under the
 * simulator directory. A missing subkey answers ERROR_FILE_NOT_FOUND, as the registry does.
 */
public final class SimulatedHvSocketRegistry implements HvSocketRegistry {

  private static final String GUID = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";

  record Registration(String serviceId, String elementName) {}

  private final SimulatorStore store;
  private final Map<String, String> registrations = new ConcurrentHashMap<>();

  public SimulatedHvSocketRegistry(Path dir) {
    this.store = new SimulatorStore(dir);
    store.load(Registration.class).forEach(r -> registrations.put(r.serviceId(), r.elementName()));
  }

  /** A registration as an earlier release made them: what the service still cleans up. */
  public synchronized void register(String serviceId, String elementName) {
    if (serviceId == null || !serviceId.matches(GUID)) {
      throw new HcsException(
          "RegSetKeyValue", HResults.E_INVALIDARG, "not a GUID: " + serviceId, null);
    }
    String key = serviceId.toLowerCase(Locale.ROOT);
    try {
      store.write(key, new Registration(key, elementName));
    } catch (IOException e) {
      throw new HcsException("RegSetKeyValue", HResults.E_FAIL, e.toString(), null);
    }
    registrations.put(key, elementName);
  }

  @Override
  public synchronized void unregister(String serviceId) {
    String key = serviceId == null ? "" : serviceId.toLowerCase(Locale.ROOT);
    if (registrations.remove(key) == null) {
      throw new HcsException(
          "RegDeleteKey", HResults.E_FILE_NOT_FOUND, "no registration " + serviceId, null);
    }
    try {
      store.delete(key);
    } catch (IOException e) {
      throw new HcsException("RegDeleteKey", HResults.E_FAIL, e.toString(), null);
    }
  }

  /** Every registration: service GUID to ElementName. */
  public Map<String, String> registrations() {
    return new TreeMap<>(registrations);
  }
}
