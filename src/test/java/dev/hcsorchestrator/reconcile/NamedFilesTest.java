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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Files the owner named (a parent, an ISO, a container's layers and mapped folders) are never
 * deleted, even when a record (wrongly) lists them.
 */
class NamedFilesTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path storage;
  PassFixture f;

  @BeforeEach
  void setUp() {
    f = PassFixture.overFake(storage);
  }

  /** Rewrites the record of made disks, as a damaged or hand-edited row could hold it. */
  void recordDisks(UUID id, List<String> disks) {
    ObjectNode memo = (ObjectNode) JSON.readTree(f.status(id).memo());
    ObjectNode made = memo.putObject("made");
    made.putArray(Dependents.DISK)
        .addAll(disks.stream().map(JSON.getNodeFactory()::textNode).toList());
    f.definitions.updateStatus(id, f.status(id).withMemo(JSON.writeValueAsString(memo)));
    f.host.disks.addAll(disks);
  }

  @Test
  void aVmsParentAndIsoStayWhenTheDefinitionIsDeleted() {
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
                        new DiskSpec("os", "/images/parent.vhdx", null, null, null, null),
                        new DiskSpec("cd", null, null, null, "/images/setup.iso", null)),
                    List.of(),
                    List.of()))
            .build();
    UUID id = f.add(spec);
    f.converge(id);
    recordDisks(id, List.of("/images/parent.vhdx", "/images/setup.iso", "/made/own.vhdx"));

    f.definitions.delete(id);
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(f.host.disks).containsExactlyInAnyOrder("/images/parent.vhdx", "/images/setup.iso");
  }

  @Test
  void aContainersLayersAndMappedFoldersStayWhenTheDefinitionIsDeleted() {
    DefinitionSpec spec =
        SpecBuilder.bare("app", Kind.Container)
            .desired(DesiredState.Stopped)
            .restart(RestartPolicy.Always)
            .shutdownTimeout(0)
            .labels(Map.of())
            .container(
                new ContainerSpec(
                    List.of("/layers/app", "/layers/base"),
                    "cmd",
                    null,
                    null,
                    1,
                    512L,
                    List.of(),
                    List.of(new MappedDirectorySpec("/host/data", "C:\\data", false))))
            .build();
    UUID id = f.add(spec);
    f.converge(id);
    recordDisks(id, List.of("/layers/app", "/layers/base", "/host/data", "/made/own.vhdx"));

    f.definitions.delete(id);
    f.converge(id);

    assertThat(f.definitions.wasRemoved(id)).isTrue();
    assertThat(f.host.disks).containsExactlyInAnyOrder("/layers/app", "/layers/base", "/host/data");
  }
}
