package dev.hcsorchestrator.host.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated hosts sharing {@code hcs.simulator.shared-state}: the second guard of "never two
 * running systems for one definition", as Hyper-V's exclusive open of a VM's disks.
 */
class SimulatedSharedDisksTest {

  @TempDir Path dir;
  private final List<SimulatedComputeCore> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(SimulatedComputeCore::close);
  }

  private SimulatedComputeCore host(String name, Path shared) {
    SimulatedComputeCore core =
        new SimulatedComputeCore(
            dir.resolve(name).resolve("systems"),
            new SimulatorFaults(),
            new SimulatorSettings(Map.of(), false, shared));
    opened.add(core);
    return core;
  }

  private static String vm(Path disk, boolean readOnly) {
    return "{\"Owner\":\"o\",\"SchemaVersion\":{\"Major\":2,\"Minor\":5},\"VirtualMachine\":"
        + "{\"Services\":{\"Shutdown\":{}},\"ComputeTopology\":{\"Memory\":{\"SizeInMB\":512},"
        + "\"Processor\":{\"Count\":1}},\"Devices\":{\"Scsi\":{\"0\":{\"Attachments\":{\"0\":"
        + "{\"Type\":\"VirtualDisk\",\"Path\":"
        + tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .writeValueAsString(disk.toString())
        + ",\"ReadOnly\":"
        + readOnly
        + "}}}}}}}";
  }

  private static int hresult(Runnable call) {
    try {
      call.run();
    } catch (HcsException e) {
      return e.hresult();
    }
    throw new AssertionError("no failure");
  }

  @Test
  void aDiskOneHostHoldsOpenForWritingCannotBeOpenedByAnotherUntilItsSystemStops()
      throws Exception {
    Path shared = dir.resolve("shared");
    Path disk = Files.createDirectories(dir.resolve("owned")).resolve("os.vhdx");
    Files.writeString(disk, "vhdx");
    SimulatedComputeCore one = host("one", shared);
    SimulatedComputeCore two = host("two", shared);

    one.createComputeSystem("a", vm(disk, false));
    one.startComputeSystem("a", null);
    assertThat(hresult(() -> two.createComputeSystem("b", vm(disk, false))))
        .isEqualTo(HResults.E_SHARING_VIOLATION);
    // a read-only attachment of it is no writer
    two.createComputeSystem("iso-like", vm(disk, true));

    one.terminateComputeSystem("a", null);
    await().untilAsserted(() -> two.createComputeSystem("b", vm(disk, false)));
    assertThat(two.enumerateComputeSystems(null)).contains("\"b\"");
  }

  @Test
  void withoutASharedFolderNothingIsChecked() throws Exception {
    Path disk = Files.createDirectories(dir.resolve("owned")).resolve("os.vhdx");
    Files.writeString(disk, "vhdx");
    SimulatedComputeCore one = host("one", null);
    SimulatedComputeCore two = host("two", null);
    one.createComputeSystem("a", vm(disk, false));
    two.createComputeSystem("b", vm(disk, false));
    assertThat(two.enumerateComputeSystems(null)).contains("\"b\"");
  }

  @Test
  void aHostThatBootsFindsItsSystemGoneWhenAnotherHostTookItsDisk() throws Exception {
    Path shared = dir.resolve("shared");
    Path disk = Files.createDirectories(dir.resolve("owned")).resolve("os.vhdx");
    Files.writeString(disk, "vhdx");
    SimulatedComputeCore one = host("one", shared);
    one.createComputeSystem("a", vm(disk, false));
    one.startComputeSystem("a", null);
    one.close(); // the process of host one ends; its disk is free
    SimulatedComputeCore two = host("two", shared);
    two.createComputeSystem("b", vm(disk, false));

    SimulatedComputeCore oneAgain = host("one", shared);
    assertThat(oneAgain.enumerateComputeSystems(null)).doesNotContain("\"a\"");
    assertThatThrownBy(() -> oneAgain.getComputeSystemProperties("a", null))
        .isInstanceOf(HcsException.class);
  }
}
