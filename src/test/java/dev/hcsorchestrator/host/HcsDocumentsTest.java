package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The documents built from specs, compared as JSON trees, and accepted by the simulated HCS. */
class HcsDocumentsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SERVICE = "6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11";
  private static final String ENDPOINT = "11111111-2222-3333-4444-555555555555";

  @TempDir Path dir;

  static SystemSpec vmWithEverything(String restoreFile) {
    return new SystemSpec(
        "9b0f6c1e-3e57-5d6f-8a0d-8f2f3f0c9a41",
        SystemType.VirtualMachine,
        2,
        2048,
        List.of(
            new SystemSpec.AttachedDisk("C:\\storage\\web\\os.vhdx", false, false),
            new SystemSpec.AttachedDisk("C:\\storage\\web\\data.vhdx", false, false),
            new SystemSpec.AttachedDisk("C:\\images\\shared.vhdx", false, true),
            new SystemSpec.AttachedDisk("C:\\images\\tools.iso", true, true)),
        List.of(new SystemSpec.AttachedAdapter("nic0", ENDPOINT, "00-15-5D-00-00-01")),
        List.of(SERVICE),
        null,
        restoreFile);
  }

  static final String APP_LAYER = "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
  static final String BASE_LAYER = "7b2e1d3f-4c5e-4f60-9bac-1d2e3f4a5b6c";
  static final String VOLUME = "\\\\?\\Volume{5b1f4a2e-8c3d-4e6f-9a0b-1c2d3e4f5a6b}\\";
  static final String NAMESPACE = "9c3f2e40-5d6f-4071-8bcd-6873636f7263";

  static SystemSpec container() {
    return new SystemSpec(
        "2f1c7b4e-9e1f-5b43-8a57-0c1d2e3f4a5b",
        SystemType.Container,
        1,
        512,
        List.of(),
        List.of(new SystemSpec.AttachedAdapter("eth0", ENDPOINT, null)),
        List.of(),
        new SystemSpec.ContainerStorage(
            "web-02",
            List.of(
                new ScratchVolume.LayerId(APP_LAYER, "C:\\layers\\app"),
                new ScratchVolume.LayerId(BASE_LAYER, "C:\\layers\\servercore")),
            "C:\\storage\\web-02\\scratch",
            VOLUME,
            List.of(new SystemSpec.MappedDirectory("C:\\data\\web", "C:\\data", true)),
            NAMESPACE),
        null);
  }

  @Test
  void vmDocumentHasEveryDiskKindAdapterSocketAndRestoreState() {
    JsonNode doc = JSON.readTree(write(vmWithEverything("C:\\s\\vm.vmrs")));

    String sddl = "D:P(A;;FA;;;SY)(A;;FA;;;BA)";
    JsonNode expected =
        JSON.readTree(
            """
            {"Owner":"me","SchemaVersion":{"Major":2,"Minor":1},
             "VirtualMachine":{"StopOnReset":true,
               "Chipset":{"Uefi":{"BootThis":{"DeviceType":"ScsiDrive","DevicePath":"primary","DiskNumber":0}}},
               "ComputeTopology":{"Memory":{"SizeInMB":2048},"Processor":{"Count":2}},
               "Devices":{
                 "Scsi":{"primary":{"Attachments":{
                   "0":{"Type":"VirtualDisk","Path":"C:\\\\storage\\\\web\\\\os.vhdx"},
                   "1":{"Type":"VirtualDisk","Path":"C:\\\\storage\\\\web\\\\data.vhdx"},
                   "2":{"Type":"VirtualDisk","Path":"C:\\\\images\\\\shared.vhdx","ReadOnly":true},
                   "3":{"Type":"Iso","Path":"C:\\\\images\\\\tools.iso","ReadOnly":true}}}},
                 "NetworkAdapters":{"nic0":{"EndpointId":"%s","MacAddress":"00-15-5D-00-00-01"}},
                 "HvSocket":{"HvSocketConfig":{"DefaultBindSecurityDescriptor":"%s","DefaultConnectSecurityDescriptor":"%s",
                   "ServiceTable":{"%s":{"BindSecurityDescriptor":"%s","ConnectSecurityDescriptor":"%s","AllowWildcardBinds":true}}}}},
               "RestoreState":{"SaveStateFilePath":"C:\\\\s\\\\vm.vmrs"}},
             "ShouldTerminateOnLastHandleClosed":false}
            """
                .formatted(ENDPOINT, sddl, sddl, SERVICE, sddl, sddl));
    assertThat(doc).isEqualTo(expected);
  }

  @Test
  void containerDocumentHasTheMountedVolumeItsLayerIdsMappedDirectoriesAndNamespace() {
    JsonNode doc = JSON.readTree(write(container()));

    JsonNode expected =
        JSON.readTree(
            """
            {"Owner":"me","SchemaVersion":{"Major":2,"Minor":1},
             "Container":{"GuestOs":{"HostName":"web-02"},
               "Storage":{"Layers":[
                   {"Id":"%s","Path":"C:\\\\layers\\\\app","PathType":"AbsolutePath"},
                   {"Id":"%s","Path":"C:\\\\layers\\\\servercore","PathType":"AbsolutePath"}],
                 "Path":"\\\\\\\\?\\\\Volume{5b1f4a2e-8c3d-4e6f-9a0b-1c2d3e4f5a6b}\\\\"},
               "MappedDirectories":[{"HostPath":"C:\\\\data\\\\web","ContainerPath":"C:\\\\data","ReadOnly":true}],
               "Memory":{"SizeInMB":512},"Processor":{"Count":1},
               "Networking":{"Namespace":"%s"}},
             "ShouldTerminateOnLastHandleClosed":false}
            """
                .formatted(APP_LAYER, BASE_LAYER, NAMESPACE));
    assertThat(doc).isEqualTo(expected);
  }

  @Test
  void
      containerBeforeItsScratchIsMountedHasNoStoragePathNorLayerIdsAndWithoutNetworkNoNetworking() {
    SystemSpec c = container();
    SystemSpec.ContainerStorage st = c.container();
    SystemSpec unmounted =
        new SystemSpec(
            c.id(),
            c.type(),
            c.processors(),
            c.memoryMB(),
            c.disks(),
            List.of(),
            c.hvSocketServiceIds(),
            new SystemSpec.ContainerStorage(
                st.hostName(),
                List.of(new ScratchVolume.LayerId(null, "C:\\layers\\app")),
                st.scratchFolder(),
                null,
                List.of(),
                null),
            null);
    JsonNode container = JSON.readTree(write(unmounted)).get("Container");

    assertThat(container.get("Storage").has("Path")).isFalse();
    assertThat(container.get("Storage").get("Layers").get(0).has("Id")).isFalse();
    assertThat(container.get("Storage").get("Layers").get(0).get("Path").asText())
        .isEqualTo("C:\\layers\\app");
    assertThat(container.has("Networking")).isFalse();
  }

  @Test
  void simulatedHostAcceptsTheDocumentsExactlyAsCreateSendsThem() throws Exception {
    Path saved = dir.resolve("vm.vmrs");
    try (SimulatedComputeCore core =
        new SimulatedComputeCore(
            dir.resolve("sim"), new SimulatorFaults(), SimulatorSettings.withoutGrantChecks())) {
      HcsComputeHost host = new HcsComputeHost(core, "me", "simulated", new SimpleMeterRegistry());
      saveInto(core, saved);
      SystemSpec vm = vmWithEverything(saved.toString());

      host.create(vm);
      host.create(container());

      assertThat(core.snapshot()).hasSize(2);
      String stored =
          Files.readString(
              Files.list(dir.resolve("sim"))
                  .filter(p -> p.getFileName().toString().startsWith(vm.id()))
                  .findFirst()
                  .orElseThrow());
      assertThat(JSON.readTree(stored).path("document").asString()).isEqualTo(host.document(vm));
    }
  }

  @Test
  void aContainerGetsMemoryAndProcessorsFromOneOnAndNoneAtZero() {
    SystemSpec c = container();
    for (int amount : new int[] {0, 1}) {
      SystemSpec sized =
          new SystemSpec(
              c.id(),
              c.type(),
              amount,
              amount,
              List.of(),
              List.of(),
              List.of(),
              c.container(),
              null);
      JsonNode container = JSON.readTree(write(sized)).get("Container");
      assertThat(container.has("Memory")).as("memory %d", amount).isEqualTo(amount > 0);
      assertThat(container.has("Processor")).as("processors %d", amount).isEqualTo(amount > 0);
    }
  }

  @Test
  void specOfTheWrongShapeIsRefused() {
    SystemSpec c = container();
    SystemSpec broken =
        new SystemSpec(
            c.id(),
            SystemType.VirtualMachine,
            1,
            512,
            List.of(),
            List.of(),
            List.of(),
            c.container(),
            null);
    assertThatThrownBy(() -> HcsDocuments.computeSystem(broken, "me"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void processParametersCarryCommandDirectoryAndEnvironment() {
    JsonNode params =
        JSON.readTree(
            dev.hcsorchestrator.host.hcs.schema.HcsJson.write(
                HcsDocuments.processParameters(
                    new ProcessSpec("cmd /c ping -t localhost", "C:\\", Map.of("MODE", "prod")))));
    assertThat(params)
        .isEqualTo(
            JSON.readTree(
                "{\"CommandLine\":\"cmd /c ping -t localhost\",\"WorkingDirectory\":\"C:\\\\\",\"Environment\":{\"MODE\":\"prod\"}}"));
  }

  private static String write(SystemSpec spec) {
    return dev.hcsorchestrator.host.hcs.schema.HcsJson.write(
        HcsDocuments.computeSystem(spec, "me"));
  }

  /** Writes a saved state as HCS does: a VM started, paused for a save, saved and terminated. */
  private static void saveInto(SimulatedComputeCore core, Path file) {
    String id = "3c2a3f0e-6f0a-4c8e-9d0b-2f1d3e4c5b6a";
    core.createComputeSystem(
        id,
        """
        {"Owner":"someone-else","SchemaVersion":{"Major":2,"Minor":1},
         "VirtualMachine":{"ComputeTopology":{"Memory":{"SizeInMB":512},"Processor":{"Count":1}}}}
        """);
    core.startComputeSystem(id, null);
    core.pauseComputeSystem(
        id, "{\"SuspensionLevel\":\"Suspend\",\"HostedNotification\":{\"Reason\":\"Save\"}}");
    core.saveComputeSystem(
        id, "{\"SaveType\":\"ToFile\",\"SaveStateFilePath\":" + quoted(file) + "}");
    core.terminateComputeSystem(id, null);
    core.closeComputeSystem(id);
  }

  private static String quoted(Path file) {
    return "\"" + file.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
