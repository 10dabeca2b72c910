package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JNA binding of the project is compiled against Microsoft's headers (as mingw-w64 ships
 * them) with the cross compiler: argument count and kinds, results, structure sizes and offsets.
 * Skipped, with the reason, where the cross compiler is absent; on CI ({@code CI=true}) its absence
 * fails.
 */
class HeaderCheckTest {

  /**
   * Structs mingw-w64's virtdisk.h lays out as an older SDK did: CREATE_VIRTUAL_DISK_PARAMETERS
   * lacks PhysicalSectorSizeInBytes, ATTACH_VIRTUAL_DISK_PARAMETERS its 8-aligned version 2 arm.
   * Their layouts are held against Microsoft's metadata (Win32FactsTest) instead.
   */
  static final Set<String> MINGW_OUT_OF_DATE =
      Set.of("CREATE_VIRTUAL_DISK_PARAMETERS", "ATTACH_VIRTUAL_DISK_PARAMETERS");

  @TempDir static Path work;

  private static MingwCompiler compiler;
  private static HeaderPrototypes headers;

  @BeforeAll
  static void findCompiler() throws IOException, InterruptedException {
    var found = MingwCompiler.find();
    if (found.isEmpty()) {
      String reason =
          MingwCompiler.EXECUTABLE
              + " is not on the PATH (apt-get install gcc-mingw-w64-x86-64-win32; .ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("on CI the header check must run: " + reason);
      }
      Assumptions.abort(reason);
    }
    compiler = found.get();
    headers = HeaderPrototypes.read(compiler.includedHeaders(work));
  }

  @Test
  void everyProjectBindingMatchesTheWindowsHeaders() throws Exception {
    JnaBindings bindings = JnaBindings.ofProject();
    assertThat(bindings.libraries()).contains(ComputeCoreLibrary.class, Kernel.class);
    assertThat(bindings.structures())
        .contains(HcsEventStructure.class, HcsProcessInformation.class);

    HeaderCheckGenerator generator = new HeaderCheckGenerator(headers, MINGW_OUT_OF_DATE);
    // vmcompute.dll's NameToGuid is in no header: its prototype is hcsshim's (VmComputeLibrary),
    // held by the twin (vmcompute_twin.c) and the real DLL (WindowsComputeStorageContractTest)
    List<Class<?>> inHeaders =
        bindings.libraries().stream().filter(c -> c != VmComputeLibrary.class).toList();
    String source = generator.generate(inHeaders, bindings.structures());
    MingwCompiler.Result result = compile("project_bindings.c", source);

    assertThat(result.succeeded()).as("%s", result).isTrue();
    assertThat(generator.checks()).isGreaterThan(100);
  }

  /** A binding that drops HcsGrantVmAccess's file path. */
  interface MissingArgument extends Library {
    int HcsGrantVmAccess(String vmId);
  }

  /** A binding that passes the HCS_SYSTEM* out parameter as a plain pointer. */
  interface PointerForPointerToPointer extends Library {
    int HcsOpenComputeSystem(String id, int requestedAccess, Pointer computeSystem);
  }

  /** A binding that passes the DWORD timeout as a 64-bit integer. */
  interface WideTimeout extends Library {
    int HcsWaitForOperationResult(Pointer operation, long timeoutMs, PointerByReference result);
  }

  /** A binding that passes a handle where the header wants a string. */
  interface PointerForString extends Library {
    int HcsEnumerateComputeSystems(Pointer query, Pointer operation);
  }

  /** HCS_PROCESS_INFORMATION with StdError forgotten. */
  @CStruct("HCS_PROCESS_INFORMATION")
  @Structure.FieldOrder({"ProcessId", "Reserved", "StdInput", "StdOutput"})
  public static class ShortProcessInformation extends Structure {
    public int ProcessId;
    public int Reserved;
    public Pointer StdInput;
    public Pointer StdOutput;
  }

  /** HCS_PROCESS_INFORMATION with a 64-bit ProcessId: everything after it moves. */
  @CStruct("HCS_PROCESS_INFORMATION")
  @Structure.FieldOrder({"ProcessId", "Reserved", "StdInput", "StdOutput", "StdError"})
  public static class WideProcessInformation extends Structure {
    public long ProcessId;
    public int Reserved;
    public Pointer StdInput;
    public Pointer StdOutput;
    public Pointer StdError;
  }

  @Test
  void aWrongBindingFailsTheCompile() throws Exception {
    for (Class<?> wrong :
        List.of(
            MissingArgument.class,
            PointerForPointerToPointer.class,
            WideTimeout.class,
            PointerForString.class)) {
      String source = new HeaderCheckGenerator(headers).generate(List.of(wrong), List.of());
      MingwCompiler.Result result = compile(wrong.getSimpleName() + ".c", source);
      assertThat(result.succeeded())
          .as("%s compiled:\n%s", wrong.getSimpleName(), result)
          .isFalse();
      assertThat(result.output()).contains("static assertion failed");
    }
  }

  @Test
  void aWrongStructureFailsTheCompile() throws Exception {
    String shortSource =
        new HeaderCheckGenerator(headers)
            .generate(List.of(), List.of(ShortProcessInformation.class));
    MingwCompiler.Result shortResult = compile("short.c", shortSource);
    assertThat(shortResult.succeeded()).isFalse();
    assertThat(shortResult.output()).contains("HCS_PROCESS_INFORMATION has size 24");

    String wideSource =
        new HeaderCheckGenerator(headers)
            .generate(List.of(), List.of(WideProcessInformation.class));
    MingwCompiler.Result wideResult = compile("wide.c", wideSource);
    assertThat(wideResult.succeeded()).isFalse();
    assertThat(wideResult.output()).contains("HCS_PROCESS_INFORMATION.ProcessId has size 8");
  }

  @Test
  void theRightCounterpartsOfTheWrongBindingsCompile() throws Exception {
    // Proves the failures above come from the deliberate mistakes, not from the check itself.
    String source =
        new HeaderCheckGenerator(headers)
            .generate(List.of(ComputeCoreLibrary.class), List.of(HcsProcessInformation.class));
    assertThat(compile("right.c", source).succeeded()).isTrue();
  }

  interface UnknownType extends Library {
    int HcsGrantVmAccess(String vmId, StringBuilder filePath);
  }

  @Test
  void aJavaTypeWithoutACKindFailsTheGenerator() {
    assertThatThrownBy(
            () -> new HeaderCheckGenerator(headers).generate(List.of(UnknownType.class), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no C kind for the Java type java.lang.StringBuilder");
  }

  interface NotInTheHeaders extends Library {
    int HcsNoSuchFunction(String id);
  }

  @Test
  void aFunctionMissingFromTheHeadersFailsTheGenerator() {
    assertThatThrownBy(
            () ->
                new HeaderCheckGenerator(headers)
                    .generate(List.of(NotInTheHeaders.class), List.of()))
        .hasMessageContaining("no prototype HcsNoSuchFunction");
  }

  private static MingwCompiler.Result compile(String name, String source)
      throws IOException, InterruptedException {
    Path file = work.resolve(name);
    Files.writeString(file, source);
    return compiler.checkSyntax(file);
  }
}
