package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may attach an owner-named file: the conflict names the other definition and says what to do,
 * read-only uses share, and definitions without disks claim nothing.
 */
class DiskClaimsTest {

  @TempDir Path dir;
  Path file;
  final List<StoredSpecs.Named> others = new ArrayList<>();

  DiskClaims claims() {
    return new DiskClaims(() -> others, name -> true);
  }

  @BeforeEach
  void setUp() throws IOException {
    file = Files.writeString(dir.resolve("shared.vhdx"), "x").toRealPath();
  }

  static DefinitionSpec vm(List<DiskSpec> disks) {
    return SpecFixture.vmSpec(new VirtualMachineSpec(2, 2048L, disks, null, null));
  }

  void other(DiskSpec disk) {
    others.add(new StoredSpecs.Named("first", vm(List.of(disk))));
  }

  String conflict(boolean writable) {
    DefinitionException.Conflict e =
        catchThrowableOfType(
            DefinitionException.Conflict.class,
            () ->
                claims()
                    .requireFree(
                        "second",
                        List.of(
                            DiskClaims.Use.of(
                                file, "virtualMachine.disks[0].path", file.toString(), writable))));
    return e == null ? null : e.getMessage();
  }

  @Test
  void twoWritableAttachesConflictAndTheMessageNamesTheOwner() {
    other(new DiskSpec("os", null, null, file.toString(), null, null));

    assertThat(conflict(true))
        .isEqualTo(
            "virtualMachine.disks[0].path: "
                + file
                + " is attached writable by definition 'first'; a writable disk belongs to one"
                + " definition only");
  }

  @Test
  void aReadOnlyUseOfAnotherDefinitionsWritableDiskConflicts() {
    other(new DiskSpec("os", null, null, file.toString(), null, false));

    assertThat(conflict(false))
        .isEqualTo(
            "virtualMachine.disks[0].path: "
                + file
                + " is attached writable by definition 'first'; a writable disk belongs to one"
                + " definition only");
  }

  @Test
  void aWritableAttachOfWhatAnotherReadsSaysToAttachItReadOnly() {
    other(new DiskSpec("dvd", null, null, null, file.toString(), null));

    assertThat(conflict(true))
        .isEqualTo(
            "virtualMachine.disks[0].path: "
                + file
                + " is used by definition 'first'; attach it readOnly, or use a copy");
    assertThat(conflict(false)).as("read-only uses share").isNull();
  }

  @Test
  void aParentIsAReadOnlyUseAndSharesWithOtherReaders() {
    other(new DiskSpec("os", file.toString(), null, null, null, null));

    assertThat(conflict(false)).isNull();
    assertThat(conflict(true)).contains("is used by definition 'first'");
  }

  @Test
  void definitionsWithoutDisksClaimNothingAndNoUseNeedsNoLookup() {
    others.add(
        new StoredSpecs.Named(
            "ctr",
            SpecFixture.containerSpec(
                new ContainerSpec(List.of("C:\\l"), "run", null, null, null, null, null, null))));
    others.add(new StoredSpecs.Named("empty", vm(null)));

    assertThat(conflict(true)).isNull();
    DiskClaims failing =
        new DiskClaims(
            () -> {
              throw new AssertionError("looked up without a use");
            },
            name -> true);
    assertThatCode(() -> failing.requireFree("second", List.of())).doesNotThrowAnyException();
  }
}
