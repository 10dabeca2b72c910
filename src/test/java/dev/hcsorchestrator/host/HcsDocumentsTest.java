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
            List.of("C:\\layers\\app", "C:\\layers\\servercore"),
            "C:\\storage\\web-02\\scratch",
            List.of(new SystemSpec.MappedDirectory("C:\\data\\web", "C:\\data", true))),
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
  void containerDocumentHasLayersScratchMappedDirectoriesAndEndpoints() {
    JsonNode doc = JSON.readTree(write(container()));

    JsonNode expected =
        JSON.readTree(
            """
            {"Owner":"me","SchemaVersion":{"Major":2,"Minor":1},
             "Container":{"GuestOs":{"HostName":"web-02"},
               "Storage":{"Layers":[
                   {"Id":"%s","Path":"C:\\\\layers\\\\app","PathType":"AbsolutePath"},
                   {"Id":"%s","Path":"C:\\\\layers\\\\servercore","PathType":"AbsolutePath"}],
                 "Path":"C:\\\\storage\\\\web-02\\\\scratch"},
               "MappedDirectories":[{"HostPath":"C:\\\\data\\\\web","ContainerPath":"C:\\\\data","ReadOnly":true}],
               "Memory":{"SizeInMB":512},"Processor":{"Count":1},
               "Networking":{"NetworkAdapters":["%s"]}},
             "ShouldTerminateOnLastHandleClosed":false}
            """
                .formatted(
                    HcsDocuments.layerId("C:\\layers\\app"),
                    HcsDocuments.layerId("C:\\layers\\servercore"),
                    ENDPOINT));
    assertThat(doc).isEqualTo(expected);
  }

  @Test
  void layerIdsAreStableGuids() {
    assertThat(HcsDocuments.layerId("C:\\layers\\app"))
        .isEqualTo(HcsDocuments.layerId("C:\\layers\\app"))
        .isNotEqualTo(HcsDocuments.layerId("C:\\layers\\base"))
        .matches("[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}");
  }

  @Test
  void simulatedHostAcceptsTheDocumentsExactlyAsCreateSendsThem() throws Exception {
    Path saved = Files.createFile(dir.resolve("vm.vmrs"));
    try (SimulatedComputeCore core =
        new SimulatedComputeCore(
            dir.resolve("sim"), new SimulatorFaults(), SimulatorSettings.withoutGrantChecks())) {
      HcsComputeHost host = new HcsComputeHost(core, "me", "simulated", new SimpleMeterRegistry());
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
}
