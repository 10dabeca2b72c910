package dev.hcsorchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.simulated.SimulatedPowerOff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.support.GenericApplicationContext;

/** The simulator's host shutdown in-process; SimulatedHostShutdownIT sees the real exit status. */
class SimulatedHostShutdownTest {

  @TempDir Path dataDir;

  @Test
  void hostShutdownRunsTheHookThenStopsTheServicePowersTheHostOffAndExitsZero() throws Exception {
    Path systems = SimulatedPowerOff.systemsDir(dataDir);
    Files.createDirectories(systems);
    Files.writeString(systems.resolve("a.json"), "{}");
    Files.writeString(systems.resolve("b.json"), "{}");
    ServiceRunTest.RecordingHostShutdown hook = new ServiceRunTest.RecordingHostShutdown();
    HcsProperties properties =
        new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("hcs", HcsProperties.class);
    GenericApplicationContext context = new GenericApplicationContext();
    context.refresh();
    List<Integer> exits = new ArrayList<>();

    new SimulatedHostShutdown(
            new HostShutdownSequence(hook, properties), context, dataDir, exits::add)
        .powerOff();

    assertThat(hook.calls).containsExactly(Duration.ofMinutes(10));
    assertThat(context.isActive()).isFalse();
    try (var left = Files.list(systems)) {
      assertThat(left).isEmpty();
    }
    assertThat(exits).containsExactly(0);
  }
}
