package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.ComputeSystem;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.ResultError;
import dev.hcsorchestrator.host.hcs.schema.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The checks the simulated host makes as HCS does: JSON shape (strict), ComputeSystem documents
 * beyond their shape, reserved options, files; and the failures it answers, each with a ResultError
 * document.
 */
final class SimulatedChecks {

  private static final String GUID = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";
  private static final String MAC = "^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$";
  private static final Version SUPPORTED_SCHEMA = SimulatedComputeCore.SUPPORTED_SCHEMA;

  private SimulatedChecks() {}

  static void requireId(String fn, String id) {
    if (id == null || id.isBlank()) {
      throw fail(fn, HResults.E_INVALIDARG, "the id is required");
    }
  }

  static void reservedOptions(String fn, String options) {
    if (!blank(options)) {
      JsonNode node = tree(fn, options);
      if (!node.isObject() || !node.isEmpty()) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "options are reserved: " + options);
      }
    }
  }

  static <T> T parse(String fn, String json, Class<T> type, boolean required) {
    if (json == null || json.isBlank()) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "a " + type.getSimpleName() + " is required");
    }
    try {
      T value = HcsJson.strict(json, type);
      if (value == null) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "a " + type.getSimpleName() + " is required");
      }
      return value;
    } catch (JacksonException e) {
      throw fail(
          fn, HResults.HCS_E_INVALID_JSON, type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  static JsonNode tree(String fn, String json) {
    try {
      return HcsJson.strictMapper().readTree(json);
    } catch (JacksonException e) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, e.getOriginalMessage());
    }
  }

  /** The checks HCS makes on a ComputeSystem document beyond its JSON shape. */
  static void checkDocument(String fn, ComputeSystem doc) {
    if (doc.schemaVersion() == null) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "SchemaVersion is required");
    }
    Version v = doc.schemaVersion();
    if (v.major() == null
        || v.minor() == null
        || v.major() != SUPPORTED_SCHEMA.major()
        || v.minor() > SUPPORTED_SCHEMA.minor()
        || v.minor() < 0) {
      throw fail(
          fn,
          HResults.HCS_E_UNSUPPORTED_PROTOCOL_VERSION,
          "schema version " + v.major() + "." + v.minor() + " is not supported");
    }
    if ((doc.virtualMachine() == null) == (doc.container() == null)) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "exactly one of VirtualMachine, Container");
    }
    if (doc.hostingSystemId() != null) {
      throw fail(fn, HResults.E_NOT_SUPPORTED, "hosted systems are not simulated");
    }
    if (doc.virtualMachine() != null) {
      checkVm(fn, doc.virtualMachine());
    } else {
      checkContainer(fn, doc.container());
    }
  }

  static void checkVm(String fn, dev.hcsorchestrator.host.hcs.schema.VirtualMachine vm) {
    var topo = vm.computeTopology();
    if (topo == null || topo.memory() == null || topo.memory().sizeInMB() == null) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "ComputeTopology.Memory.SizeInMB is required");
    }
    if (topo.memory().sizeInMB() < 1 || topo.memory().sizeInMB() % 2 != 0) {
      throw fail(fn, HResults.E_INVALIDARG, "Memory.SizeInMB must be a positive even number");
    }
    if (topo.processor() != null
        && topo.processor().count() != null
        && topo.processor().count() < 1) {
      throw fail(fn, HResults.E_INVALIDARG, "Processor.Count must be positive");
    }
    var devices = vm.devices();
    if (devices != null && devices.scsi() != null) {
      devices
          .scsi()
          .forEach(
              (controller, scsi) -> {
                if (scsi == null || scsi.attachments() == null) {
                  return;
                }
                scsi.attachments()
                    .forEach(
                        (lun, a) -> {
                          if (!lun.matches("\\d{1,2}")) {
                            throw fail(fn, HResults.HCS_E_INVALID_JSON, "LUN " + lun);
                          }
                          if (a == null || a.type() == null || blank(a.path())) {
                            throw fail(
                                fn,
                                HResults.HCS_E_INVALID_JSON,
                                "attachment " + controller + "/" + lun + " needs Type and Path");
                          }
                        });
              });
    }
    if (devices != null && devices.networkAdapters() != null) {
      devices
          .networkAdapters()
          .forEach(
              (name, nic) -> {
                if (nic == null || nic.endpointId() == null || !nic.endpointId().matches(GUID)) {
                  throw fail(fn, HResults.HCS_E_INVALID_JSON, "adapter " + name + ": EndpointId");
                }
                if (nic.macAddress() != null && !nic.macAddress().matches(MAC)) {
                  throw fail(fn, HResults.HCS_E_INVALID_JSON, "adapter " + name + ": MacAddress");
                }
              });
    }
    if (devices != null
        && devices.hvSocket() != null
        && devices.hvSocket().hvSocketConfig() != null
        && devices.hvSocket().hvSocketConfig().serviceTable() != null) {
      for (String service : devices.hvSocket().hvSocketConfig().serviceTable().keySet()) {
        if (!service.matches(GUID)) {
          throw fail(fn, HResults.HCS_E_INVALID_JSON, "ServiceTable key " + service);
        }
      }
    }
    var boot =
        vm.chipset() == null || vm.chipset().uefi() == null ? null : vm.chipset().uefi().bootThis();
    if (boot != null && boot.deviceType() != null && boot.deviceType().name().equals("ScsiDrive")) {
      var ctrl =
          devices == null || devices.scsi() == null ? null : devices.scsi().get(boot.devicePath());
      String lun = String.valueOf(boot.diskNumber() == null ? 0 : boot.diskNumber());
      if (ctrl == null || ctrl.attachments() == null || !ctrl.attachments().containsKey(lun)) {
        throw fail(fn, HResults.E_INVALIDARG, "BootThis names no SCSI attachment");
      }
    }
    var restore = vm.restoreState();
    if (restore != null && !blank(restore.saveStateFilePath())) {
      if (!Files.isRegularFile(Path.of(restore.saveStateFilePath()))) {
        throw fail(
            fn,
            HResults.E_FILE_NOT_FOUND,
            "saved state " + restore.saveStateFilePath() + " missing");
      }
      if (emptyFile(restore.saveStateFilePath())) {
        // an empty runtime state file no save wrote into holds no state to restore
        throw fail(
            fn,
            HResults.E_INVALID_DATA,
            "saved state " + restore.saveStateFilePath() + " holds no saved state");
      }
    }
  }

  static void checkContainer(String fn, dev.hcsorchestrator.host.hcs.schema.Container c) {
    if (c.storage() == null
        || c.storage().layers() == null
        || c.storage().layers().isEmpty()
        || blank(c.storage().path())) {
      throw fail(fn, HResults.HCS_E_INVALID_JSON, "Container.Storage needs Layers and Path");
    }
    for (var layer : c.storage().layers()) {
      if (layer == null || layer.id() == null || !layer.id().matches(GUID) || blank(layer.path())) {
        throw fail(fn, HResults.HCS_E_INVALID_JSON, "each layer needs an Id GUID and a Path");
      }
    }
    if (c.mappedDirectories() != null) {
      for (var m : c.mappedDirectories()) {
        if (m == null || blank(m.hostPath()) || blank(m.containerPath())) {
          throw fail(fn, HResults.HCS_E_INVALID_JSON, "a mapped directory needs both paths");
        }
      }
    }
    if (c.processor() != null) {
      int set =
          (c.processor().count() != null ? 1 : 0)
              + (c.processor().weight() != null ? 1 : 0)
              + (c.processor().maximum() != null ? 1 : 0);
      if (set > 1) {
        throw fail(fn, HResults.E_INVALIDARG, "Processor Count, Weight, Maximum are exclusive");
      }
    }
    if (c.networking() != null && c.networking().networkAdapters() != null) {
      for (String nic : c.networking().networkAdapters()) {
        if (nic == null || !nic.matches(GUID)) {
          throw fail(fn, HResults.HCS_E_INVALID_JSON, "Networking.NetworkAdapters: " + nic);
        }
      }
    }
  }

  private static boolean emptyFile(String path) {
    try {
      return Files.size(Path.of(path)) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  static void writeSavedState(String fn, Path file, SimSystem s) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, "simulated saved state of " + s.id + "\n");
    } catch (IOException e) {
      throw fail(fn, HResults.E_PATH_NOT_FOUND, "cannot write " + file + ": " + e.getMessage());
    }
  }

  static void requireFile(String fn, String path) {
    if (blank(path) || !Files.exists(Path.of(path))) {
      throw fail(fn, HResults.E_FILE_NOT_FOUND, "no file " + path);
    }
  }

  static void createEmptyFile(String fn, String path) {
    if (blank(path)) {
      throw fail(fn, HResults.E_INVALIDARG, "a path is required");
    }
    Path file = Path.of(path);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.createFile(file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw fail(fn, HResults.E_FILE_EXISTS, "file " + path + " exists");
    } catch (IOException e) {
      throw fail(fn, HResults.E_PATH_NOT_FOUND, "cannot create " + path + ": " + e.getMessage());
    }
  }

  static String resultError(int hresult, String message) {
    return HcsJson.write(new ResultError(hresult, message));
  }

  static HcsException fail(String fn, int hresult, String message) {
    return new HcsException(fn, hresult, message, resultError(hresult, message));
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String quote(String s) {
    return HcsJson.write(s);
  }

  /**
   * A plain VM has no guest connection: HCS shuts it down only through the shutdown integration
   * service, which its document must enable, and refuses otherwise.
   */
  /** A VM is asked to shut down through the Shutdown integration service its document enables. */
  static void requireShutdownService(String fn, String id, String document) {
    ComputeSystem doc = HcsJson.lenient(document, ComputeSystem.class);
    var vm = doc == null ? null : doc.virtualMachine();
    if (vm == null || vm.services() == null || vm.services().shutdown() == null) {
      throw fail(
          fn,
          HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION,
          "virtual machine " + id + " does not enable the Shutdown integration service");
    }
  }
}
