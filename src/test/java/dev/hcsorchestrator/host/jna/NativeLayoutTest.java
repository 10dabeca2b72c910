package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JNA structures have the x64 layout of ComputeDefs.h, and the C compiler agrees. */
class NativeLayoutTest {

  @Test
  void processInformationHasTheX64Layout() {
    HcsProcessInformation info = new HcsProcessInformation();
    if (Native.POINTER_SIZE == 8) {
      assertThat(info.size()).isEqualTo(32);
      assertThat(offsets(info, "ProcessId", "Reserved", "StdInput", "StdOutput", "StdError"))
          .containsExactly(0, 4, 8, 16, 24);
    }
  }

  @Test
  void eventHasTheX64Layout() {
    HcsEventStructure event = new HcsEventStructure();
    if (Native.POINTER_SIZE == 8) {
      assertThat(event.size()).isEqualTo(24);
      assertThat(offsets(event, "Type", "EventData", "Operation")).containsExactly(0, 8, 16);
    }
  }

  @Test
  void javaLayoutsMatchWhatTheCCompilerLaysOut() {
    TwinLibrary twin = TwinLibrary.load(TwinLibrary.pathOrSkip());
    HcsEventStructure event = new HcsEventStructure();
    HcsProcessInformation info = new HcsProcessInformation();
    assertThat(twin.TwinLayout(0)).isEqualTo(event.size());
    assertThat(List.of(twin.TwinLayout(1), twin.TwinLayout(2), twin.TwinLayout(3)))
        .containsExactlyElementsOf(longs(offsets(event, "Type", "EventData", "Operation")));
    assertThat(twin.TwinLayout(4)).isEqualTo(info.size());
    assertThat(
            List.of(
                twin.TwinLayout(5),
                twin.TwinLayout(6),
                twin.TwinLayout(7),
                twin.TwinLayout(8),
                twin.TwinLayout(9)))
        .containsExactlyElementsOf(
            longs(offsets(info, "ProcessId", "Reserved", "StdInput", "StdOutput", "StdError")));
    // JNA's wide strings are the platform's wchar_t, which the twin uses throughout.
    assertThat(twin.TwinLayout(10)).isEqualTo(Native.WCHAR_SIZE);
  }

  @Test
  void virtdiskParametersMatchWhatTheVirtdiskTwinLaysOut() {
    TwinVirtDiskLibrary twin = TwinVirtDiskLibrary.load(TwinLibrary.pathOrSkip());
    CreateVirtualDiskParameters create = new CreateVirtualDiskParameters();
    CreateVirtualDiskParameters.Version2Fields v2 = create.Version2;
    int union = offsets(create, "Version2").get(0);
    // The twin declares the whole union (its version 4 arm makes 184 bytes); version 2 fills 128.
    assertThat(twin.TwinVirtDiskLayout(0)).isEqualTo(184);
    assertThat(create.size()).isEqualTo(union + v2.size()).isEqualTo(128);
    assertThat(
            List.of(
                twin.TwinVirtDiskLayout(1),
                twin.TwinVirtDiskLayout(2),
                twin.TwinVirtDiskLayout(8),
                twin.TwinVirtDiskLayout(3),
                twin.TwinVirtDiskLayout(4),
                twin.TwinVirtDiskLayout(5)))
        .containsExactlyElementsOf(
            offsets(
                    v2,
                    "UniqueId",
                    "MaximumSize",
                    "PhysicalSectorSizeInBytes",
                    "ParentPath",
                    "ParentVirtualStorageType",
                    "ResiliencyGuid")
                .stream()
                .map(o -> (long) (union + o))
                .toList());
    assertThat(twin.TwinVirtDiskLayout(6)).isEqualTo(new VirtualStorageType().size());
    assertThat(twin.TwinVirtDiskLayout(7)).isEqualTo(new OpenVirtualDiskParameters().size());
    AttachVirtualDiskParameters attach = new AttachVirtualDiskParameters();
    assertThat(twin.TwinVirtDiskLayout(9)).isEqualTo(attach.size()).isEqualTo(24);
    assertThat(twin.TwinVirtDiskLayout(10)).isEqualTo((long) offsets(attach, "Version2").get(0));
    assertThat(twin.TwinVirtDiskLayout(11)).isEqualTo(new GetVirtualDiskInfo().size());
    assertThat(twin.TwinVirtDiskLayout(12))
        .isEqualTo(GetVirtualDiskInfo.PARENT_LOCATION_BUFFER_OFFSET);
  }

  private static List<Integer> offsets(Structure structure, String... fields) {
    return java.util.Arrays.stream(fields)
        .map(
            f -> {
              try {
                var method = Structure.class.getDeclaredMethod("fieldOffset", String.class);
                method.setAccessible(true);
                return (Integer) method.invoke(structure, f);
              } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static List<Long> longs(List<Integer> values) {
    return values.stream().map(Integer::longValue).toList();
  }
}
