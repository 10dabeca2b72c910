package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.config.SharedStorageProperties;
import dev.hcsorchestrator.definition.DefinitionException.FieldError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's rules on a spec: placement gives one of its two forms; failover needs shared files.
 */
class FleetRulesTest {

  private static final String OUTSIDE = "must be under one of hcs.storage.shared-roots";

  @TempDir Path dir;

  private Path root() {
    return dir.resolve("shared");
  }

  private SharedStorageProperties shared() {
    return new SharedStorageProperties(List.of(root()), root());
  }

  private String in(String file) {
    return root().resolve(file).toString();
  }

  private String out(String file) {
    return dir.resolve("local").resolve(file).toString();
  }

  private static List<FieldError> errors(DefinitionSpec spec, SharedStorageProperties shared) {
    FieldErrors e = new FieldErrors();
    FleetRules.check(spec, shared, e);
    try {
      e.throwIfAny();
      return List.of();
    } catch (DefinitionException.Invalid invalid) {
      return invalid.errors();
    }
  }

  private static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  void aPlacementGivesExactlyOneOfHostAndHostLabels() {
    DefinitionSpec both =
        SpecBuilder.vm("a").placement(new PlacementSpec("h1", Map.of("zone", "a"))).build();
    DefinitionSpec neither = SpecBuilder.vm("a").placement(new PlacementSpec(null, null)).build();
    DefinitionSpec host = SpecBuilder.vm("a").placement(new PlacementSpec("h1", null)).build();
    DefinitionSpec labels =
        SpecBuilder.vm("a").placement(new PlacementSpec(null, Map.of("zone", "a"))).build();

    assertThat(errors(both, null))
        .containsExactly(new FieldError("placement", "must give exactly one of host, hostLabels"));
    assertThat(fields(errors(neither, null))).containsExactly("placement");
    assertThat(errors(host, null)).isEmpty();
    assertThat(errors(labels, null)).isEmpty();
  }

  @Test
  void aDefinitionThatDoesNotFailOverMayNameLocalFilesWithoutSharedStorage() {
    DefinitionSpec local =
        SpecBuilder.vm("a")
            .virtualMachine(2, 1024, new DiskSpec("os", out("base.vhdx"), null, null, null, null))
            .failover(false)
            .build();

    assertThat(errors(local, null)).isEmpty();
  }

  @Test
  void failoverNeedsTheSharedRootConfigured() {
    DefinitionSpec spec = SpecBuilder.vm("a").failover(true).build();

    assertThat(fields(errors(spec, null))).containsExactly("failover");
    assertThat(fields(errors(spec, new SharedStorageProperties(List.of(root()), null))))
        .containsExactly("failover");
    assertThat(errors(spec, shared())).isEmpty();
  }

  @Test
  void failoverRefusesEachFileOfAVirtualMachineOutsideTheSharedRootsAtItsField() {
    DefinitionSpec spec =
        SpecBuilder.vm("a")
            .virtualMachine(
                2,
                1024,
                new DiskSpec("os", in("base.vhdx"), null, null, null, null),
                new DiskSpec("data", out("base.vhdx"), null, out("data.vhdx"), null, null),
                new DiskSpec("cd", null, null, null, out("setup.iso"), true),
                new DiskSpec("shared", null, null, in("data.vhdx"), in("setup.iso"), null))
            .failover(true)
            .build();

    List<FieldError> errors = errors(spec, shared());

    assertThat(fields(errors))
        .containsExactly(
            "virtualMachine.disks[1].parent",
            "virtualMachine.disks[1].path",
            "virtualMachine.disks[2].iso");
    assertThat(errors).allSatisfy(e -> assertThat(e.message()).startsWith(OUTSIDE));
  }

  @Test
  void failoverRefusesContainerLayersAndMappedFoldersOutsideTheSharedRoots() {
    DefinitionSpec spec =
        SpecBuilder.bare("c", Kind.Container)
            .container(
                new ContainerSpec(
                    List.of(in("layers/base"), out("layers/app")),
                    "cmd",
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(
                        new MappedDirectorySpec(in("data"), "C:\\data", null),
                        new MappedDirectorySpec(out("logs"), "C:\\logs", null))))
            .failover(true)
            .build();

    assertThat(fields(errors(spec, shared())))
        .containsExactly("container.layers[1]", "container.mappedDirectories[1].hostPath");
  }

  @Test
  void aPathThatLeavesTheRootOrOnlySharesItsPrefixIsOutsideIt() {
    String sibling = dir.resolve("shared-not").resolve("os.vhdx").toString();
    String escaping = root().resolve("..").resolve("local").resolve("os.vhdx").toString();
    DefinitionSpec spec =
        SpecBuilder.vm("a")
            .virtualMachine(
                2,
                1024,
                new DiskSpec("os", sibling, null, null, null, null),
                new DiskSpec("data", escaping, null, null, null, null))
            .failover(true)
            .build();

    assertThat(fields(errors(spec, shared())))
        .containsExactly("virtualMachine.disks[0].parent", "virtualMachine.disks[1].parent");
  }
}
