package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ComputeHost#runProcess} and {@link ComputeHost#address} over the simulated host. */
class HostRunProcessTest {

  @TempDir Path dir;
  private SimulatedComputeCore core;
  private HcsComputeHost host;
  private final List<HostEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    core =
        new SimulatedComputeCore(
            dir.resolve("sim"), new SimulatorFaults(), SimulatorSettings.none());
    host = new HcsComputeHost(core, "orchestrator", "simulated", new SimpleMeterRegistry());
    host.subscribe(events::add);
    host.create(
        new SystemSpec(
            "c",
            SystemType.Container,
            1,
            256,
            List.of(),
            List.of(),
            List.of(),
            new SystemSpec.ContainerStorage(
                "c",
                List.of(
                    new ScratchVolume.LayerId(
                        "0f0e0d0c-0b0a-4908-8706-050403020100", "C:\\layers\\base")),
                "C:\\s\\scratch",
                "\\\\?\\Volume{5b1f4a2e-8c3d-4e6f-9a0b-1c2d3e4f5a6b}\\",
                List.of(),
                null),
            null));
    host.start("c");
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  private static ProcessSpec command(String line) {
    return new ProcessSpec(line, null, Map.of());
  }

  private List<SimulatedComputeCore.ProcessSnapshot> processes() {
    return core.snapshot().stream()
        .filter(s -> s.id().equals("c"))
        .findFirst()
        .orElseThrow()
        .processes();
  }

  @Test
  void aProcessBesideTheWorkloadEndsWithTheSimulatorsExecResultAndIsNoWorkloadExit() {
    int workload = host.createProcess("c", command("cmd /c ping -t localhost"));

    assertThat(host.runProcess("c", command("cmd /c exit 0"), Duration.ofSeconds(5)))
        .isEqualTo(OptionalInt.of(0));
    assertThat(core.setExecResult("c", 3)).isTrue();
    assertThat(host.runProcess("c", command("cmd /c exit 0"), Duration.ofSeconds(5)))
        .isEqualTo(OptionalInt.of(3));

    assertThat(events).noneMatch(e -> e instanceof HostEvent.ProcessExited);
    // the exec processes are closed; the workload still runs
    assertThat(processes())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.processId()).isEqualTo(workload);
              assertThat(p.exited()).isFalse();
            });
  }

  @Test
  void aProcessThatDoesNotEndInTimeIsTerminatedAndItsExitReachesNoSubscriber() {
    // with no workload yet, the simulator's first process runs until ended
    OptionalInt code = host.runProcess("c", command("cmd /c hang"), Duration.ofMillis(200));

    assertThat(code).isEmpty();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> processes().stream().allMatch(p -> p.exited()));
    int workload = host.createProcess("c", command("cmd /c ping -t localhost"));
    core.exitProcessFromOutside("c", workload, 5);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> events.stream().anyMatch(e -> e instanceof HostEvent.ProcessExited));
    assertThat(events)
        .filteredOn(e -> e instanceof HostEvent.ProcessExited)
        .singleElement()
        .isEqualTo(new HostEvent.ProcessExited("c", workload, 5));
  }

  @Test
  void theSimulatedHostsWorkloadsListenOnLoopbackAndANativeHostKnowsNoAddressOfItsOwn() {
    assertThat(host.address("c")).contains("127.0.0.1");
    assertThat(
            new HcsComputeHost(core, "orchestrator", "native", new SimpleMeterRegistry())
                .address("c"))
        .isEmpty();
  }
}
