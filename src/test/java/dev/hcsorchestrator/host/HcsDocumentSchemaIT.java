package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.PauseNotification;
import dev.hcsorchestrator.host.hcs.schema.PauseOptions;
import dev.hcsorchestrator.host.hcs.schema.PauseReason;
import dev.hcsorchestrator.host.hcs.schema.PauseSuspensionLevel;
import dev.hcsorchestrator.host.hcs.schema.SaveOptions;
import dev.hcsorchestrator.host.hcs.schema.SaveType;
import dev.hcsorchestrator.host.hcs.schema.ServicePropertyQuery;
import dev.hcsorchestrator.host.hcs.schema.ServicePropertyType;
import dev.hcsorchestrator.host.hcs.schema.SystemQuery;
import dev.hcsorchestrator.host.hcs.schema.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document the host layer sends, validated against Microsoft's published HCS schema
 * (swagger-2.0 JSON with {@code definitions}), with every object that lists its properties closed
 * ({@code additionalProperties: false}) so an unknown property fails. The schema is not part of the
 * build, so this check runs only in the {@code hcs-schema} profile: {@code ./mvnw verify
 * -Phcs-schema -Dhcs.schema.dir=...}; every {@code *.json} in that folder is used.
 */
@Tag("hcs-schema")
class HcsDocumentSchemaIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> documents() throws IOException {
    String dir = System.getProperty("hcs.schema.dir");
    assertThat(dir)
        .as("the folder of the published HCS schema JSON files, given with -Dhcs.schema.dir")
        .isNotBlank();
    List<Path> schemas;
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      schemas = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(schemas).as("schema files in %s", dir).isNotEmpty();
    List<Arguments> out = new ArrayList<>();
    for (Path schema : schemas) {
      for (Map.Entry<String, String[]> doc : sentDocuments().entrySet()) {
        out.add(
            Arguments.of(
                schema.getFileName() + ": " + doc.getKey(),
                schema,
                doc.getValue()[0],
                doc.getValue()[1]));
      }
    }
    return out.stream();
  }

  /** Name → {definition, document}: what create, save, pause, processes and queries send. */
  static Map<String, String[]> sentDocuments() {
    HcsComputeHostDocuments docs = new HcsComputeHostDocuments();
    Map<String, String[]> out = new java.util.LinkedHashMap<>();
    out.put(
        "VM with every disk kind, NIC, socket, restore",
        docs.system(HcsDocumentsTest.vmWithEverything("C:\\s\\vm.vmrs")));
    out.put(
        "VM with every disk kind, no restore",
        docs.system(HcsDocumentsTest.vmWithEverything(null)));
    out.put(
        "VM at 2.5: differencing disk, new disk, disk used as is, ISO, guest services, guest state",
        docs.system(vmAt25(List.of(), List.of()), Version.V2_5));
    out.put(
        "VM at 2.5: NIC on its endpoint, socket service, guest services, guest state",
        docs.system(
            vmAt25(
                List.of(
                    new SystemSpec.AttachedAdapter(
                        "nic0", "5f0c3e52-8d2b-4c1e-9a6f-1b2c3d4e5f60", "00-15-5D-12-34-56")),
                List.of("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11")),
            Version.V2_5));
    out.put(
        "VM booting an ISO without NICs",
        docs.system(
            new SystemSpec(
                "11111111-1111-1111-1111-111111111111",
                SystemType.VirtualMachine,
                1,
                32,
                List.of(new SystemSpec.AttachedDisk("C:\\images\\setup.iso", true, true)),
                List.of(),
                List.of(),
                null,
                null)));
    out.put(
        "container with layers, NIC, mapped directory", docs.system(HcsDocumentsTest.container()));
    out.put(
        "container, nothing optional",
        docs.system(
            new SystemSpec(
                "22222222-2222-2222-2222-222222222222",
                SystemType.Container,
                0,
                0,
                List.of(),
                List.of(),
                List.of(),
                new SystemSpec.ContainerStorage(
                    null,
                    List.of(
                        new ScratchVolume.LayerId(
                            "0f0e0d0c-0b0a-4908-8706-050403020100", "C:\\layers\\base")),
                    "C:\\s\\scratch",
                    "\\\\?\\Volume{5b1f4a2e-8c3d-4e6f-9a0b-1c2d3e4f5a6b}\\",
                    List.of(),
                    null),
                null)));
    out.put(
        "process parameters",
        new String[] {
          "ProcessParameters",
          HcsJson.write(
              HcsDocuments.processParameters(
                  new ProcessSpec("cmd /c ping -t localhost", "C:\\", Map.of("MODE", "prod"))))
        });
    out.put(
        "save options",
        new String[] {
          "SaveOptions", HcsJson.write(new SaveOptions(SaveType.ToFile, "C:\\s\\vm.vmrs"))
        });
    out.put(
        "pause options before a save (as HcsComputeHost sends them)",
        new String[] {
          "PauseOptions",
          HcsJson.write(
              new PauseOptions(
                  PauseSuspensionLevel.Suspend, new PauseNotification(PauseReason.Save)))
        });
    out.put(
        "system query",
        new String[] {
          "SystemQuery",
          HcsJson.write(
              new SystemQuery(
                  List.of("a"),
                  null,
                  List.of(dev.hcsorchestrator.host.hcs.schema.SystemType.VirtualMachine),
                  List.of("me")))
        });
    out.put(
        "service property query",
        new String[] {
          "Service_PropertyQuery",
          HcsJson.write(new ServicePropertyQuery(List.of(ServicePropertyType.Basic)))
        });
    return out;
  }

  /**
   * A VM as VirtualMachineOnHostIT and VmNetworkingIT declare it, as the reconciler turns it into a
   * spec: its created disks and guest state file in the definition's folder, the owner's files in
   * an image root.
   */
  static SystemSpec vmAt25(
      List<SystemSpec.AttachedAdapter> adapters, List<String> hvSocketServiceIds) {
    String folder = "C:\\hcs\\storage\\0f4c2a8e-7d1b-4e3a-9c5f-2b6d8e0a1c3f\\";
    return new SystemSpec(
            "1aae8f8b-4169-51db-8a59-5b91e478bd0d",
            SystemType.VirtualMachine,
            2,
            1024,
            List.of(
                new SystemSpec.AttachedDisk(folder + "os.vhdx", false, false),
                new SystemSpec.AttachedDisk(folder + "scratch.vhdx", false, false),
                new SystemSpec.AttachedDisk("C:\\images\\data-used-as-is.vhdx", false, false),
                new SystemSpec.AttachedDisk("C:\\images\\tools.iso", true, true)),
            adapters,
            hvSocketServiceIds,
            null,
            null)
        .withGuestStateFile(folder + "guest-state.vmgs");
  }

  /** Builds documents exactly as {@link HcsComputeHost#document} does. */
  static final class HcsComputeHostDocuments {
    String[] system(SystemSpec spec) {
      return new String[] {
        "ComputeSystem", HcsJson.write(HcsDocuments.computeSystem(spec, "hcs-orchestrator"))
      };
    }

    /** For a host that reports schema versions up to {@code hostSchema}. */
    String[] system(SystemSpec spec, Version hostSchema) {
      return new String[] {
        "ComputeSystem",
        HcsJson.write(HcsDocuments.computeSystem(spec, "hcs-orchestrator", hostSchema))
      };
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void documentValidatesAgainstThePublishedSchema(
      String name, Path schemaFile, String definition, String document) throws IOException {

    Set<ValidationMessage> errors =
        validator(schemaFile, definition).validate(JSON.readTree(document));

    assertThat(errors).as("%s%n%s", name, document).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void unknownPropertyIsRejectedByTheClosedSchema(
      String name, Path schemaFile, String definition, String document) throws IOException {
    ObjectNode tampered = (ObjectNode) JSON.readTree(document);
    tampered.put("NotInTheSchema", true);

    assertThat(validator(schemaFile, definition).validate(tampered)).isNotEmpty();
  }

  static Stream<Arguments> schemaFiles() throws IOException {
    return documents()
        .filter(a -> ((String) a.get()[0]).endsWith(": " + FIRST_VM))
        .map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[3]));
  }

  private static final String FIRST_VM = "VM with every disk kind, NIC, socket, restore";

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFiles")
  void nestedMistakesAreRejectedToo(String name, Path schemaFile, String document)
      throws IOException {
    ObjectNode doc = (ObjectNode) JSON.readTree(document);
    ((ObjectNode) doc.at("/VirtualMachine/Devices/Scsi/primary/Attachments/0"))
        .put("Type", "FloppyDisk");
    ((ObjectNode) doc.at("/VirtualMachine/Devices/NetworkAdapters/nic0")).put("Speed", 10);
    ((ObjectNode) doc.at("/VirtualMachine/ComputeTopology/Memory")).put("SizeInMB", "2048");

    assertThat(validator(schemaFile, "ComputeSystem").validate(doc)).hasSizeGreaterThanOrEqualTo(3);
  }

  private static JsonSchema validator(Path schemaFile, String definition) throws IOException {
    ObjectNode swagger = (ObjectNode) JSON.readTree(schemaFile.toFile());
    ObjectNode definitions = (ObjectNode) swagger.get("definitions");
    close(definitions);
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "http://json-schema.org/draft-04/schema#");
    root.set("definitions", definitions);
    root.put("$ref", "#/definitions/" + definition);
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
  }

  /** Every object schema that lists its properties and says nothing else admits nothing else. */
  private static void close(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if (object.has("properties") && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
        close(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(HcsDocumentSchemaIT::close);
    }
  }
}
