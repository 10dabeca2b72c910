package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.DiskSpec;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.MappedDirectorySpec;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.definition.VirtualMachineSpec;
import dev.hcsorchestrator.host.DiskRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Files the owner named (a parent, an ISO, a container's layers and mapped folders) are never
 * deleted, even when a record (wrongly) lists them, over the simulated host: the files are real
 * ones beside the storage root, and a disk the service did make is deleted beside them.
 */
class NamedFilesTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path storage;
  @TempDir Path owner;
  PassFixture f;

  @BeforeEach
  void setUp() {
    f = new PassFixture(storage);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** Rewrites the record of made disks, as a damaged or hand-edited row could hold it. */
  void recordDisks(UUID id, List<String> disks) {
    ObjectNode memo = (ObjectNode) JSON.readTree(f.status(id).memo());
    ObjectNode made = memo.putObject("made");
    made.putArray(Dependents.DISK)
        .addAll(disks.stream().map(JSON.getNodeFactory()::textNode).toList());
    f.definitions.updateStatus(id, f.status(id).withMemo(JSON.writeValueAsString(memo)));
  }

  /** A disk on the host at {@code path} (virtdisk's format, as the simulator makes it). */
  String disk(Path path) {
    f.sim.resources.ensureDisk(new DiskRequest(path.toString(), null, 1L << 30));
    return path.toString();
  }

  /** A folder of the owner's holding one file, as a layer or a mapped folder does. */
  static String folder(Path path) throws IOException {
    Files.createDirectories(path);
    Files.writeString(path.resolve("content"), "owner's");
    return path.toString();
  }

  /** Which of these paths still exist. */
  static List<String> existing(List<String> paths) {
    return paths.stream().filter(p -> Files.exists(Path.of(p))).toList();
  }

  @Test
  void aVmsParentAndIsoStayWhenTheDefinitionIsDeleted() throws IOException {
    String parent = disk(owner.resolve("parent.vhdx"));
    Path iso = Files.writeString(owner.resolve("setup.iso"), "iso");
    String made = disk(storage.resolve("made-own.vhdx"));
    DefinitionSpec spec =
        SpecBuilder.bare("web-01", Kind.VirtualMachine)
            .desired(DesiredState.Stopped)
            .restart(RestartPolicy.Always)
            .shutdownTimeout(0)
            .labels(Map.of())
            .virtualMachine(
                new VirtualMachineSpec(
                    1,
                    1024L,
                    List.of(
                        new DiskSpec("os", parent, null, null, null, null),
                        new DiskSpec("cd", null, null, null, iso.toString(), null)),
                    List.of(),
                    List.of()))
            .build();
    UUID id = f.add(spec);
    f.converge(id);
    List<String> recorded = List.of(parent, iso.toString(), made);
    recordDisks(id, recorded);

    f.definitions.delete(id);
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(existing(recorded)).containsExactlyInAnyOrder(parent, iso.toString());
  }

  @Test
  void aContainersLayersAndMappedFoldersStayWhenTheDefinitionIsDeleted() throws IOException {
    String app = folder(owner.resolve("layers/app"));
    String base = folder(owner.resolve("layers/base"));
    String data = folder(owner.resolve("data"));
    String made = disk(storage.resolve("made-own.vhdx"));
    DefinitionSpec spec =
        SpecBuilder.bare("app", Kind.Container)
            .desired(DesiredState.Stopped)
            .restart(RestartPolicy.Always)
            .shutdownTimeout(0)
            .labels(Map.of())
            .container(
                new ContainerSpec(
                    List.of(app, base),
                    "cmd",
                    null,
                    null,
                    1,
                    512L,
                    List.of(),
                    List.of(new MappedDirectorySpec(data, "C:\\data", false))))
            .build();
    UUID id = f.add(spec);
    f.converge(id);
    List<String> recorded = List.of(app, base, data, made);
    recordDisks(id, recorded);

    f.definitions.delete(id);
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(existing(recorded)).containsExactlyInAnyOrder(app, base, data);
    assertThat(Path.of(app).resolve("content")).hasContent("owner's");
  }
}
