package dev.hcsorchestrator.host;

import dev.hcsorchestrator.config.StoragePaths;
import dev.hcsorchestrator.host.hcs.ComputeCore;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.schema.BasicInformation;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.PauseNotification;
import dev.hcsorchestrator.host.hcs.schema.PauseOptions;
import dev.hcsorchestrator.host.hcs.schema.PauseReason;
import dev.hcsorchestrator.host.hcs.schema.PauseSuspensionLevel;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.SaveOptions;
import dev.hcsorchestrator.host.hcs.schema.SaveType;
import dev.hcsorchestrator.host.hcs.schema.ServiceProperties;
import dev.hcsorchestrator.host.hcs.schema.Version;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

/**
 * {@link ComputeHost} over computecore at the JSON-string level: builds the documents, reads the
 * answers defensively, classifies every failure once ({@link HostErrors}), times every operation
 * and turns HCS events into {@link HostEvent}s. It opens a system before acting on it, so that its
 * exit event reaches the subscribers also for a system adopted after a restart, and closes it once
 * it exited.
 */
public final class HcsComputeHost implements ComputeHost {

  private static final Logger log = LoggerFactory.getLogger(HcsComputeHost.class);
  private static final String BASIC_SERVICE_QUERY = "{\"PropertyTypes\":[\"Basic\"]}";
  // The sample of the HcsPauseComputeSystem and HcsSaveComputeSystem pages: pause, then save.
  private static final String PAUSE_TO_SAVE =
      HcsJson.write(
          new PauseOptions(PauseSuspensionLevel.Suspend, new PauseNotification(PauseReason.Save)));

  private final ComputeCore core;
  private final String owner;
  private final String mode;
  private final HostOperations operations;
  private final PathGuard guard;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final List<Consumer<HostEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ProcessWaits waits = new ProcessWaits();
  private volatile Version schema;

  /**
   * Without path confinement: for tests of the document layer, whose paths name no real host.
   *
   * @param mode "simulated" or "native", reported by {@link #probe()}
   */
  public HcsComputeHost(ComputeCore core, String owner, String mode, MeterRegistry registry) {
    this(core, owner, mode, registry, PathGuard.NONE);
  }

  /**
   * @param mode "simulated" or "native", reported by {@link #probe()}
   * @param paths where the files a system is made from must really lie when it is created
   */
  public HcsComputeHost(
      ComputeCore core, String owner, String mode, MeterRegistry registry, StoragePaths paths) {
    this(core, owner, mode, registry, new PathGuard(paths));
  }

  private HcsComputeHost(
      ComputeCore core, String owner, String mode, MeterRegistry registry, PathGuard guard) {
    this.core = core;
    this.owner = owner;
    this.mode = mode;
    this.operations = new HostOperations(registry);
    this.guard = guard;
    core.setEventListener(this::onEvent);
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public List<ObservedSystem> list() {
    return operations.call(
        "list",
        null,
        () -> {
          String json = core.enumerateComputeSystems(null);
          List<Properties> all =
              json == null || json.isBlank()
                  ? List.of()
                  : HcsJson.lenientMapper()
                      .readValue(json, new TypeReference<List<Properties>>() {});
          List<ObservedSystem> out = new ArrayList<>(all.size());
          for (Properties p : all) {
            if (p != null && p.id() != null) {
              out.add(HcsAnswers.observed(p.id(), p));
            }
          }
          return out;
        });
  }

  @Override
  public Optional<ObservedSystem> inspect(String id) {
    Optional<ObservedSystem> found;
    try {
      found =
          operations.call(
              "inspect",
              id,
              () -> {
                open(id);
                String json = core.getComputeSystemProperties(id, null);
                return Optional.of(
                    HcsAnswers.observed(id, HcsJson.lenient(json, Properties.class)));
              });
    } catch (HostException.NotFound e) {
      found = Optional.empty();
    }
    if (found.isEmpty() || found.get().state() == SystemState.Stopped) {
      close(id); // gone, or going without an exit event still to come: nothing stays held
    }
    return found;
  }

  @Override
  public boolean watched(String id) {
    return held.contains(id);
  }

  @Override
  public void create(SystemSpec spec) {
    String document = document(spec);
    operations.run(
        "create",
        spec.id(),
        () -> {
          guard.system(spec);
          core.createComputeSystem(spec.id(), document);
          held.add(spec.id());
        });
  }

  @Override
  public void start(String id) {
    operations.run("start", id, () -> core.startComputeSystem(open(id), null));
  }

  /**
   * No options, for a VM as for a container: the HcsShutDownComputeSystem page documents them as
   * reserved (NULL), and hcsshim passes none ({@code internal/hcs/system.go}, {@code
   * System.Shutdown}). HCS asks the guest through what the document enabled: a VM's Shutdown
   * integration service ({@code Services.Shutdown}), a container's guest connection. A VM without
   * it is refused by HCS: the caller then terminates.
   */
  @Override
  public void shutDown(String id) {
    operations.run("shutdown", id, () -> core.shutDownComputeSystem(open(id), null));
  }

  @Override
  public void terminate(String id) {
    operations.run("terminate", id, () -> core.terminateComputeSystem(open(id), null));
  }

  @Override
  public void pause(String id) {
    operations.run("pause", id, () -> core.pauseComputeSystem(open(id), null));
  }

  @Override
  public void pauseToSave(String id) {
    operations.run("pause", id, () -> core.pauseComputeSystem(open(id), PAUSE_TO_SAVE));
  }

  @Override
  public void resume(String id) {
    operations.run("resume", id, () -> core.resumeComputeSystem(open(id), null));
  }

  @Override
  public void save(String id, String stateFile) {
    String options = HcsJson.write(new SaveOptions(SaveType.ToFile, stateFile));
    operations.run(
        "save",
        id,
        () -> {
          guard.writable("save", id, stateFile);
          core.saveComputeSystem(open(id), options);
        });
  }

  @Override
  public int createProcess(String id, ProcessSpec process) {
    String parameters = HcsJson.write(HcsDocuments.processParameters(process));
    return operations.call("create_process", id, () -> core.createProcess(open(id), parameters));
  }

  @Override
  public OptionalInt runProcess(String id, ProcessSpec process, Duration timeout) {
    String parameters = HcsJson.write(HcsDocuments.processParameters(process));
    return operations.call(
        "run_process",
        id,
        () -> {
          String sys = open(id);
          ProcessWaits.Wait wait = waits.start(id, () -> core.createProcess(sys, parameters));
          int pid = wait.processId();
          try {
            return OptionalInt.of(wait.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
          } catch (TimeoutException e) {
            terminateQuietly(id, pid);
            return OptionalInt.empty();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminateQuietly(id, pid);
            return OptionalInt.empty();
          } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
          } finally {
            waits.done(id, pid);
            core.closeProcess(id, pid);
          }
        });
  }

  @Override
  public Optional<String> address(String id) {
    // HCS itself knows no address; the simulated host's workloads all listen on loopback
    return "simulated".equals(mode) ? Optional.of("127.0.0.1") : Optional.empty();
  }

  private void terminateQuietly(String id, int pid) {
    try {
      core.terminateProcess(id, pid, null);
    } catch (RuntimeException e) {
      log.debug("Terminating timed-out process {} in {}: {}", pid, id, e.toString());
    }
  }

  private void close(String id) {
    if (held.remove(id)) {
      try {
        core.closeComputeSystem(id);
      } catch (RuntimeException e) {
        log.debug("Closing {}: {}", id, e.toString());
      }
    }
  }

  @Override
  public String document(SystemSpec spec) {
    return HcsJson.write(HcsDocuments.computeSystem(spec, owner, hostSchema()));
  }

  /** The newest 2.x schema version the host supports, asked once (HcsGetServiceProperties). */
  private Version hostSchema() {
    Version known = schema;
    if (known == null) {
      Version best = Version.V2_1;
      for (String v : probe().supportedSchemaVersions()) {
        String[] parts = v.split("\\.");
        try {
          Version candidate = new Version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
          if (candidate.major() == 2 && candidate.minor() > best.minor()) {
            best = candidate;
          }
        } catch (RuntimeException e) {
          log.debug("Ignoring unreadable schema version {}", v);
        }
      }
      schema = known = best;
    }
    return known;
  }

  @Override
  public HostInfo probe() {
    return operations.call(
        "probe",
        null,
        () -> {
          ServiceProperties props =
              HcsJson.lenient(
                  core.getServiceProperties(BASIC_SERVICE_QUERY), ServiceProperties.class);
          List<String> versions = new ArrayList<>();
          if (props != null && props.properties() != null) {
            for (BasicInformation info : props.properties()) {
              if (info != null && info.supportedSchemaVersions() != null) {
                for (Version v : info.supportedSchemaVersions()) {
                  versions.add(v.major() + "." + v.minor());
                }
              }
            }
          }
          return new HostInfo(mode, List.copyOf(versions));
        });
  }

  @Override
  public Subscription subscribe(Consumer<HostEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Opens once per system held; HCS delivers a system's events only through an open handle. */
  private String open(String id) {
    if (held.add(id)) {
      try {
        core.openComputeSystem(id);
      } catch (RuntimeException e) {
        held.remove(id);
        throw e;
      }
    }
    return id;
  }

  private void onEvent(HcsEvent event) {
    HostEvent translated = HcsAnswers.translate(event);
    if (translated == null) {
      return;
    }
    if (translated instanceof HostEvent.ProcessExited p && waits.exited(p)) {
      return;
    }
    for (Consumer<HostEvent> l : listeners) {
      try {
        l.accept(translated);
      } catch (RuntimeException e) {
        log.warn("Host event listener failed on {}", translated, e);
      }
    }
    if (translated instanceof HostEvent.SystemExited exited) {
      // The system is gone: drop the handle so that nothing is held for it.
      held.remove(exited.systemId());
      waits.forget(exited.systemId());
      core.closeComputeSystem(exited.systemId());
    } else if (translated instanceof HostEvent.ServiceDisconnected) {
      held.clear();
    }
  }
}
