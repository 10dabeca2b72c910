package dev.hcsorchestrator.service;

import static dev.hcsorchestrator.service.ServiceControls.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.config.HcsProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/** The service's life under the SCM, with the SCM replaced by the list of reported statuses. */
class ServiceRunTest {

  /** The host-shutdown hook of the test: records the timeouts it was given. */
  static final class RecordingHostShutdown implements HostShutdown {
    final List<Duration> calls = new CopyOnWriteArrayList<>();

    @Override
    public void hostShuttingDown(Duration timeout) {
      calls.add(timeout);
    }
  }

  final RecordingHostShutdown hook = new RecordingHostShutdown();
  final List<ServiceStatus> reported = new CopyOnWriteArrayList<>();
  final List<String[]> startedWith = new CopyOnWriteArrayList<>();
  volatile GenericApplicationContext context;

  ConfigurableApplicationContext start(String[] args, Map<String, Object> defaults) {
    startedWith.add(args);
    HcsProperties properties =
        new Binder(new MapConfigurationPropertySource(Map.of("hcs.shutdown.timeout", "2m")))
            .bindOrCreate("hcs", HcsProperties.class);
    GenericApplicationContext c = new GenericApplicationContext();
    c.registerBean(HcsProperties.class, () -> properties);
    c.registerBean(HostShutdown.class, () -> hook);
    c.registerBean(HostShutdownSequence.class, () -> new HostShutdownSequence(hook, properties));
    c.refresh();
    context = c;
    return c;
  }

  ServiceRun running() throws Exception {
    ServiceCommand command =
        ServiceCommand.parse(
            List.of("run", "--home=" + Path.of("svc-home").toAbsolutePath()),
            Path.of("hcs.jar"),
            Path.of("java"));
    ServiceRun run = new ServiceRun(this::start, command, c -> {});
    run.main(reported::add);
    return run;
  }

  List<Integer> states() {
    return reported.stream().map(ServiceStatus::state).distinct().toList();
  }

  @Test
  void aStopStopsTheServiceWithoutTheHostShutdownHook() throws Exception {
    ServiceRun run = running();
    assertThat(run.status().state()).isEqualTo(RUNNING);

    assertThat(run.control(CONTROL_STOP)).isEqualTo(NO_ERROR);

    assertThat(run.awaitStopped()).isZero();
    assertThat(states()).containsExactly(START_PENDING, RUNNING, STOP_PENDING, STOPPED);
    ServiceStatus stopping =
        reported.stream().filter(s -> s.state() == STOP_PENDING).findFirst().orElseThrow();
    assertThat(stopping.waitHintMillis()).isEqualTo(30_000);
    assertThat(reported.get(reported.size() - 1))
        .isEqualTo(new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0));
    assertThat(hook.calls).isEmpty();
    assertThat(context.isActive()).isFalse();
  }

  @Test
  void aPreshutdownRunsTheHostShutdownHookWithTheShutdownTimeoutThenStops() throws Exception {
    ServiceRun run = running();

    assertThat(run.control(CONTROL_PRESHUTDOWN)).isEqualTo(NO_ERROR);
    assertThat(run.awaitStopped()).isZero();

    assertThat(hook.calls).containsExactly(Duration.ofMinutes(2));
    ServiceStatus stopping =
        reported.stream().filter(s -> s.state() == STOP_PENDING).findFirst().orElseThrow();
    assertThat(stopping.waitHintMillis()).isEqualTo(150_000);
    assertThat(states()).endsWith(STOP_PENDING, STOPPED);
    assertThat(context.isActive()).isFalse();
    // the SHUTDOWN that follows finds the service stopped: nothing runs twice
    assertThat(run.control(CONTROL_SHUTDOWN)).isEqualTo(NO_ERROR);
    assertThat(hook.calls).hasSize(1);
  }

  @Test
  void theApplicationGetsTheConfigFolderOfTheServiceHome() throws Exception {
    ServiceRun run = running();
    assertThat(startedWith.get(0)[0])
        .startsWith("--spring.config.additional-location=optional:file:")
        .endsWith("svc-home/config/");
    run.control(CONTROL_STOP);
    run.awaitStopped();
  }

  @Test
  void aFailedStartStopsTheServiceWithAServiceSpecificError() throws Exception {
    ServiceCommand command =
        ServiceCommand.parse(List.of("run"), Path.of("hcs.jar").toAbsolutePath(), Path.of("j"));
    ServiceRun run =
        new ServiceRun(
            (args, defaults) -> {
              throw new IllegalStateException("port in use");
            },
            command,
            c -> {});
    run.main(reported::add);

    assertThat(run.awaitStopped()).isEqualTo(EXIT_APPLICATION_FAILED);
    assertThat(reported.get(reported.size() - 1))
        .isEqualTo(
            new ServiceStatus(
                STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, EXIT_APPLICATION_FAILED, 0, 0));
  }

  @Test
  void anApplicationThatEndsOnItsOwnStopsTheServiceAsFailed() throws Exception {
    ServiceRun run = running();
    context.close();
    await().atMost(10, TimeUnit.SECONDS).until(() -> run.status().state() == STOPPED);
    assertThat(run.awaitStopped()).isEqualTo(EXIT_APPLICATION_FAILED);
  }
}
