package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every JNA Structure and Library of the project, found by scanning the compiled classes, agrees
 * with the project's table of Microsoft's Win32 facts (win32-facts.txt): a binding the table does
 * not list fails, as does any size, offset, field kind, argument count or argument kind that
 * differs. The cross compiler's headers are a second witness (HeaderCheckTest) where they are up to
 * date; this check needs no compiler and runs everywhere.
 */
class Win32FactsTest {

  private static final Win32Facts FACTS = Win32Facts.load();

  private static List<String> mismatches(List<Class<?>> libraries, List<Class<?>> structures) {
    return new Win32FactsCheck(FACTS).check(libraries, structures);
  }

  @Test
  void everyBindingOfTheProjectAgreesWithMicrosoftsLayoutsAndPrototypes() {
    JnaBindings bindings = JnaBindings.ofProject();
    assertThat(bindings.libraries())
        .contains(ComputeCoreLibrary.class, VirtDiskLibrary.class, Kernel.class);
    assertThat(bindings.structures())
        .contains(
            CreateVirtualDiskParameters.class,
            AttachVirtualDiskParameters.class,
            GetVirtualDiskInfo.class);

    assertThat(mismatches(bindings.libraries(), bindings.structures())).isEmpty();
  }

  @Test
  void everyEntryCitesItsMicrosoftLearnPage() {
    // vmcompute.dll's NameToGuid alone is undocumented: it cites the prototype hcsshim binds
    assertThat(FACTS.functions().values())
        .allSatisfy(
            f ->
                assertThat(f.learn())
                    .startsWith(
                        f.dll().equals("vmcompute.dll")
                            ? "https://github.com/microsoft/hcsshim/"
                            : "https://learn.microsoft.com/"));
    assertThat(FACTS.callbacks().values())
        .allSatisfy(f -> assertThat(f.learn()).startsWith("https://learn.microsoft.com/"));
    assertThat(FACTS.structs().values())
        .allSatisfy(s -> assertThat(s.learn()).startsWith("https://learn.microsoft.com/"));
  }

  /** The version 2 arm as mingw-w64's virtdisk.h has it: no PhysicalSectorSizeInBytes. */
  @CStruct("__typeof__(((CREATE_VIRTUAL_DISK_PARAMETERS *)0)->Version2)")
  @Structure.FieldOrder({
    "UniqueId",
    "MaximumSize",
    "BlockSizeInBytes",
    "SectorSizeInBytes",
    "ParentPath",
    "SourcePath",
    "OpenFlags",
    "ParentVirtualStorageType",
    "SourceVirtualStorageType",
    "ResiliencyGuid"
  })
  public static class MingwCreateVersion2 extends Structure {
    public Guid.GUID UniqueId = new Guid.GUID();
    public long MaximumSize;
    public int BlockSizeInBytes;
    public int SectorSizeInBytes;
    public WString ParentPath;
    public WString SourcePath;
    public int OpenFlags;
    public VirtualStorageType ParentVirtualStorageType = new VirtualStorageType();
    public VirtualStorageType SourceVirtualStorageType = new VirtualStorageType();
    public Guid.GUID ResiliencyGuid = new Guid.GUID();
  }

  /** CREATE_VIRTUAL_DISK_PARAMETERS over that arm: 120 bytes. */
  @CStruct("CREATE_VIRTUAL_DISK_PARAMETERS")
  @Structure.FieldOrder({"Version", "Version2"})
  public static class MingwCreate extends Structure {
    public int Version = 2;
    public MingwCreateVersion2 Version2 = new MingwCreateVersion2();
  }

  /** ATTACH_VIRTUAL_DISK_PARAMETERS as mingw-w64 has it: Reserved at 4, 8 bytes. */
  @CStruct(
      value = "ATTACH_VIRTUAL_DISK_PARAMETERS",
      fields = {"Version", "Version1.Reserved"})
  @Structure.FieldOrder({"Version", "Reserved"})
  public static class MingwAttach extends Structure {
    public int Version = 1;
    public int Reserved;
  }

  @Test
  void createParametersWithoutPhysicalSectorSizeFailTheCheck() {
    List<String> found =
        mismatches(List.of(), List.of(MingwCreate.class, MingwCreateVersion2.class));

    assertThat(found)
        .anyMatch(m -> m.contains("Version2.PhysicalSectorSizeInBytes is missing"))
        // offsets within the arm: ParentPath is 8 bytes later on Windows (40 + 8 = 48 in all)
        .anyMatch(m -> m.contains("Version2.ParentPath") && m.contains("32, Windows has 40"))
        .anyMatch(m -> m.contains("JNA lays out 120 bytes, Windows 128"));
  }

  @Test
  void attachParametersWithReservedAtFourFailTheCheck() {
    List<String> found = mismatches(List.of(), List.of(MingwAttach.class));

    assertThat(found)
        .anyMatch(m -> m.contains("Version1.Reserved") && m.contains("at offset 4, Windows has 8"))
        .anyMatch(m -> m.contains("JNA lays out 8 bytes, Windows 16"));
  }

  /** HcsGrantVmAccess with its file path dropped. */
  interface ComputeCoreLibraryMissingArgument extends Library {
    int HcsGrantVmAccess(String vmId);
  }

  /** CreateVirtualDisk with the access mask as a 64-bit integer. */
  interface VirtDiskLibraryWideMask extends Library {
    int CreateVirtualDisk(
        VirtualStorageType virtualStorageType,
        String path,
        long virtualDiskAccessMask,
        Pointer securityDescriptor,
        int flags,
        int providerSpecificFlags,
        CreateVirtualDiskParameters parameters,
        Pointer overlapped,
        PointerByReference handle);
  }

  @Test
  void aWrongOrUnlistedBindingFailsTheCheck() {
    assertThat(mismatches(List.of(ComputeCoreLibraryMissingArgument.class), List.of()))
        .containsExactly(
            "ComputeCoreLibraryMissingArgument: no 'library ComputeCoreLibraryMissingArgument"
                + " <dll>' line in the table");

    Win32Facts withTheseListed =
        Win32Facts.parse(
            "library ComputeCoreLibraryMissingArgument computecore.dll\n"
                + "library VirtDiskLibraryWideMask virtdisk.dll\n"
                + String.join(
                    "\n",
                    FACTS.functions().values().stream()
                        .map(
                            f ->
                                "function %s %s %s %s %s"
                                    .formatted(
                                        f.dll(),
                                        f.name(),
                                        f.result(),
                                        String.join(",", f.arguments()),
                                        f.learn()))
                        .toList()));
    List<String> found =
        new Win32FactsCheck(withTheseListed)
            .check(
                List.of(ComputeCoreLibraryMissingArgument.class, VirtDiskLibraryWideMask.class),
                List.of());
    assertThat(found)
        .anyMatch(m -> m.contains("HcsGrantVmAccess has 1 arguments, HcsGrantVmAccess has 2"))
        .anyMatch(m -> m.contains("CreateVirtualDisk argument 3: Java long is INT64, not INT32"))
        .hasSize(2);
  }

  @Test
  void theCorrectedLayoutsAreMicrosofts() {
    // the numbers the issue names: version 2 ends at 128 of 184; attach is 24, Reserved at 8
    assertThat(FACTS.structs().get("CREATE_VIRTUAL_DISK_PARAMETERS").size()).isEqualTo(184);
    assertThat(new CreateVirtualDiskParameters().size()).isEqualTo(128);
    assertThat(FACTS.structs().get("ATTACH_VIRTUAL_DISK_PARAMETERS").size()).isEqualTo(24);
    assertThat(
            FACTS.structs().get("ATTACH_VIRTUAL_DISK_PARAMETERS").member("Version1").orElseThrow())
        .extracting(Win32Facts.Member::offset)
        .isEqualTo(8);
    assertThat(new AttachVirtualDiskParameters().size()).isEqualTo(24);
  }
}
