package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.DefinitionChanged;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DesiredState;
import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.host.HcsComputeHost;
import dev.hcsorchestrator.host.HcsHostResources;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.jna.NativeComputeCore;
import dev.hcsorchestrator.host.jna.NativeTimeouts;
import dev.hcsorchestrator.host.jna.TwinBackend;
import dev.hcsorchestrator.host.jna.TwinLibrary;
import dev.hcsorchestrator.host.simulated.SimulatedComputeCore;
import dev.hcsorchestrator.host.simulated.SimulatedComputeNetwork;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import dev.hcsorchestrator.host.simulated.SimulatorSettings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native fault matrix: every host operation the reconciler drives for a VM, failing at the DLL
 * boundary of the C twin of computecore.dll ({@code TwinSetFault}) with a transient or a terminal
 * HRESULT, once or on every call, reached through the same JNA binding ({@link NativeComputeCore})
 * and host layer as on Windows. For each case the table below says what the definition shows
 * afterwards (phase, message, events) and what is counted (the pass results, the host operation's
 * outcome); under a permanent fault no acting host call is made more often than once per backoff
 * step, and a terminal fault is tried exactly once.
 *
 * <p>The HRESULTs are Microsoft's (winerror.h): the HCS codes as listed on Microsoft Learn, "HCS
 * error codes" (https://learn.microsoft.com/en-us/virtualization/api/hcs/reference/hcshresult), and
 * {@code E_ACCESSDENIED} from "COM Error Codes (Generic)"
 * (https://learn.microsoft.com/en-us/windows/win32/com/com-error-codes-1).
 */
class NativeFaultMatrixTest {

  static final String OWNER = "hcs-orchestrator";
  // short backoff steps keep the matrix fast; the bound below is computed from them
  static final Duration BACKOFF_BASE = Duration.ofMillis(20);
  static final Duration BACKOFF_MAX = Duration.ofMillis(160);
  static final Duration PERMANENT_WINDOW = Duration.ofMillis(1200);

  /** The faults: each the HRESULT the DLL answers, and whether a retry can succeed. */
  enum Fault {
    // HCS_E_OPERATION_TIMEOUT: "An operation timed out."
    TIMEOUT(HResults.HCS_E_OPERATION_TIMEOUT, "HCS_E_OPERATION_TIMEOUT", true, "timeout"),
    // HCS_E_SERVICE_DISCONNECT: "The connection with the compute system service was lost."
    SERVICE_DISCONNECT(
        HResults.HCS_E_SERVICE_DISCONNECT, "HCS_E_SERVICE_DISCONNECT", true, "unavailable"),
    // HCS_E_SERVICE_NOT_AVAILABLE: "The requested compute system service is not available."
    UNAVAILABLE(
        HResults.HCS_E_SERVICE_NOT_AVAILABLE, "HCS_E_SERVICE_NOT_AVAILABLE", true, "unavailable"),
    // HCS_E_INVALID_JSON: "The virtual machine or container JSON document is invalid."
    INVALID_DOCUMENT(HResults.HCS_E_INVALID_JSON, "HCS_E_INVALID_JSON", false, "rejected"),
    // E_ACCESSDENIED (0x80070005): the VM's worker process may not open a file
    ACCESS_DENIED(HResults.E_ACCESSDENIED, "E_ACCESSDENIED", false, "rejected");

    final int hresult;
    final String name;
    final boolean transientFault;
    final String outcome;

    Fault(int hresult, String name, boolean transientFault, String outcome) {
      this.hresult = hresult;
      this.name = name;
      this.transientFault = transientFault;
      this.outcome = outcome;
    }
  }

  enum Repeat {
    ONCE(1),
    ALWAYS(-1);

    final int count;

    Repeat(int count) {
      this.count = count;
    }
  }

  /**
   * A host operation: the twin's function code, the host layer's operation name (the {@code
   * operation} tag of {@code hcs.host.operation.duration}), the state the definition is brought to
   * first (no fault), the change that makes the reconciler call the operation, and the phase it
   * reaches once the operation succeeds.
   */
  enum Operation {
    GRANT_ACCESS(TwinLibrary.FN_GRANT_VM_ACCESS, "grant_access", null, DesiredState.Running),
    GUEST_STATE_FILE(
        TwinLibrary.FN_GUEST_STATE_FILE, "ensure_guest_state_file", null, DesiredState.Running),
    CREATE(TwinLibrary.FN_CREATE, "create", null, DesiredState.Running),
    START(TwinLibrary.FN_START, "start", null, DesiredState.Running),
    PAUSE(TwinLibrary.FN_PAUSE, "pause", DesiredState.Running, DesiredState.Paused),
    RESUME(TwinLibrary.FN_RESUME, "resume", DesiredState.Paused, DesiredState.Running),
    SAVE(TwinLibrary.FN_SAVE, "save", DesiredState.Running, DesiredState.Saved),
    SHUTDOWN(TwinLibrary.FN_SHUTDOWN, "shutdown", DesiredState.Running, DesiredState.Stopped),
    TERMINATE(TwinLibrary.FN_TERMINATE, "terminate", DesiredState.Running, DesiredState.Stopped);

    final int fn;
    final String hostOperation;
    final DesiredState from;
    final DesiredState to;

    Operation(int fn, String hostOperation, DesiredState from, DesiredState to) {
      this.fn = fn;
      this.hostOperation = hostOperation;
      this.from = from;
      this.to = to;
    }
  }

  private static String path;
  private static TwinLibrary twin;

  private Path dir;
  private final SimulatorFaults faults = new SimulatorFaults();
  private final InMemoryDefinitions definitions = new InMemoryDefinitions();
  private final WorkQueue<UUID> queue = new WorkQueue<>(BACKOFF_BASE, BACKOFF_MAX);
  private final Map<String, AtomicInteger> results = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private SimulatedComputeCore sim;
  private TwinBackend backend;
  private NativeComputeCore core;
  private ReconcileWorkers workers;

  @BeforeAll
  static void loadTwin() {
    path = TwinLibrary.pathOrSkip();
    twin = TwinLibrary.load(path);
  }

  @AfterEach
  void tearDown() throws Exception {
    twin.TwinResetFaults();
    if (workers != null) {
      workers.stop();
    }
    queue.shutDown();
    if (core != null) {
      core.close();
    }
    if (backend != null) {
      backend.uninstall();
    }
    if (sim != null) {
      sim.close();
    }
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation op : Operation.values()) {
      for (Fault fault : Fault.values()) {
        for (Repeat repeat : Repeat.values()) {
          cases.add(Arguments.of(op, fault, repeat));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("matrix")
  void aFaultAtTheDllBoundaryEndsAsTheTableSays(Operation op, Fault fault, Repeat repeat)
      throws Exception {
    workers().start();
    UUID id = definitions.add(vm("fm-" + op.name().toLowerCase().replace('_', '-'), op)).id();
    if (op.from != null) {
      definitions.desired(id, op.from);
      announce(id);
      await().atMost(Duration.ofSeconds(10)).until(() -> phase(id) == phaseOf(op.from));
    }
    twin.TwinResetFaults();
    twin.TwinSetFault(op.fn, fault.hresult, repeat.count);
    definitions.desired(id, op.to);
    announce(id);

    Expected expected = expected(op, fault, repeat);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(phase(id)).isEqualTo(expected.phase));
    if (expected.phase != phaseOf(op.to) && fault.transientFault) {
      // a permanent transient fault: watch the retries for a while
      long before = twin.TwinCalls(op.fn);
      int passesBefore = passes();
      long start = System.nanoTime();
      await().pollDelay(PERMANENT_WINDOW).until(() -> true);
      long elapsed = System.nanoTime() - start;
      long calls = twin.TwinCalls(op.fn) - before;
      int passes = passes() - passesBefore;
      assertThat(calls)
          .as("acting calls of %s: at most one per pass (%d passes)", op, passes)
          .isLessThanOrEqualTo(passes + 1L);
      assertThat((long) passes)
          .as("passes in %d ms: at most one per backoff step", elapsed / 1_000_000)
          .isLessThanOrEqualTo(stepsWithin(Duration.ofNanos(elapsed)) + 1L);
      assertThat(phase(id)).isEqualTo(expected.phase);
    }

    if (op == Operation.TERMINATE && fault == Fault.TIMEOUT && repeat == Repeat.ALWAYS) {
      await()
          .atMost(PassTools.TERMINATE_GRACE.plusSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(definitions.require(id).status().message())
                      .contains("still on the host")
                      .contains(PassTools.TERMINATE_GRACE.toSeconds() + " s after"));
      assertThat(phase(id)).isEqualTo(Phase.Stopping);
      assertThat(definitions.events(id))
          .anyMatch(e -> e.type() == EventType.Error && e.message().contains("still on the host"));
      assertThat(count("error")).as("passes counted error").isPositive();
      return;
    }
    var def = definitions.require(id);
    if (expected.messageNamesFault) {
      assertThat(def.status().message()).contains(fault.name);
    } else {
      assertThat(def.status().message()).isNull();
    }
    assertThat(definitions.eventTypes(id)).containsAll(expected.events);
    for (EventType absent : expected.absentEvents) {
      assertThat(definitions.eventTypes(id)).doesNotContain(absent);
    }
    assertThat(
            definitions.events(id).stream()
                .anyMatch(e -> e.message() != null && e.message().contains(fault.name)))
        .as("an event names %s", fault.name)
        .isEqualTo(expected.eventNamesFault);
    // a stop not acknowledged in time is pending, not failed: the host layer sees success
    String outcome = stopPending(op, fault) ? "success" : fault.outcome;
    assertThat(outcomes(op.hostOperation, outcome))
        .as("%s counted with outcome %s", op.hostOperation, outcome)
        .isGreaterThanOrEqualTo(1);
    for (Map.Entry<String, Integer> m : expected.passResults.entrySet()) {
      assertThat(count(m.getKey())).as("passes counted %s", m.getKey()).isEqualTo(m.getValue());
    }
    if (fault.transientFault && expected.events.contains(EventType.Error)) {
      assertThat(count("error")).as("passes counted error").isPositive();
    }
    if (!fault.transientFault) {
      assertThat(twin.TwinCalls(op.fn)).as("a terminal fault is tried once").isEqualTo(1);
      assertThat(count("error")).isZero();
    }
  }

  /** What a case leaves: the phase, whether the message names the HRESULT, events, pass counts. */
  record Expected(
      Phase phase,
      boolean messageNamesFault,
      boolean eventNamesFault,
      List<EventType> events,
      List<EventType> absentEvents,
      Map<String, Integer> passResults) {}

  static Expected expected(Operation op, Fault fault, Repeat repeat) {
    Phase target = phaseOf(op.to);
    boolean always = repeat == Repeat.ALWAYS;
    if (op == Operation.SHUTDOWN) {
      // a refused graceful shutdown is followed by a terminate at once (the guest cannot be
      // asked), said in a Stopped event; a timed-out one may still be under way in the guest, so
      // the pass waits for the shutdown deadline, then terminates: Stopped either way
      return new Expected(
          Phase.Stopped,
          false,
          fault != Fault.TIMEOUT,
          List.of(EventType.Stopped),
          List.of(EventType.Failed, EventType.Error),
          Map.of("terminal", 0, "error", 0));
    }
    if (op == Operation.TERMINATE && fault == Fault.TIMEOUT && !always) {
      // a stop is fire-and-forget: a terminate not acknowledged in time counts as pending, and
      // the next check (one per second) terminates again
      return new Expected(
          Phase.Stopped,
          false,
          false,
          List.of(),
          List.of(EventType.Failed, EventType.Error),
          Map.of("terminal", 0, "error", 0));
    }
    if (op == Operation.TERMINATE && fault == Fault.TIMEOUT) {
      // never acknowledged: the system stays; once the terminate grace has passed, the status and
      // an Error event say so, and the terminates go on, one per backoff step, counted as errors
      return new Expected(
          Phase.Stopping,
          false,
          false,
          List.of(EventType.Error),
          List.of(EventType.Failed),
          Map.of("terminal", 0));
    }
    if (!fault.transientFault) {
      return new Expected(
          Phase.Failed,
          true,
          true,
          List.of(EventType.Failed),
          List.of(EventType.Error),
          Map.of("terminal", 1, "error", 0));
    }
    return new Expected(
        always ? stuckPhase(op) : target,
        always,
        true,
        List.of(EventType.Error),
        List.of(EventType.Failed),
        Map.of("terminal", 0));
  }

  /** Shutdown and terminate are fire-and-forget: a timeout of their acknowledgement is pending. */
  static boolean stopPending(Operation op, Fault fault) {
    return fault == Fault.TIMEOUT && (op == Operation.SHUTDOWN || op == Operation.TERMINATE);
  }

  /** Where a definition stays while its operation fails on every try. */
  static Phase stuckPhase(Operation op) {
    return switch (op) {
      case GUEST_STATE_FILE -> Phase.Provisioning;
      case GRANT_ACCESS, CREATE, START -> Phase.Starting;
      case PAUSE -> Phase.Running;
      case SAVE -> Phase.Saving;
      case RESUME -> Phase.Paused;
      case SHUTDOWN, TERMINATE -> Phase.Stopping;
    };
  }

  static Phase phaseOf(DesiredState state) {
    return switch (state) {
      case Running -> Phase.Running;
      case Paused -> Phase.Paused;
      case Saved -> Phase.Saved;
      case Stopped -> Phase.Stopped;
    };
  }

  /** How many backoff steps of the queue end within {@code window}, from the first failure. */
  static long stepsWithin(Duration window) {
    long elapsed = 0;
    long steps = 0;
    long delay = BACKOFF_BASE.toNanos();
    while (elapsed + delay <= window.toNanos()) {
      elapsed += delay;
      steps++;
      delay = Math.min(delay * 2, BACKOFF_MAX.toNanos());
    }
    return steps + 1;
  }

  ReconcileWorkers workers() throws Exception {
    dir = Files.createTempDirectory("fault-matrix");
    sim = new SimulatedComputeCore(dir.resolve("sim/systems"), faults, SimulatorSettings.none());
    backend = new TwinBackend(twin, sim);
    backend.install();
    Duration t = Duration.ofSeconds(5);
    core =
        NativeComputeCore.load(
            path, new NativeTimeouts(t, t, t, t, t, Duration.ofSeconds(1), t, t));
    HcsComputeHost host = new HcsComputeHost(core, OWNER, "native", registry);
    HcsHostResources resources =
        new HcsHostResources(
            new SimulatedVirtualDisks(faults),
            new SimulatedComputeNetwork(dir.resolve("sim"), faults),
            new SimulatedHvSocketRegistry(dir.resolve("sim/hvsockets")),
            core,
            OWNER,
            registry);
    Inventory inventory = new Inventory();
    ExitLedger exits = new ExitLedger();
    Clock clock = Clock.systemUTC();
    ReconcileMetrics counting =
        new ReconcileMetrics() {
          @Override
          public void reconciled(String result, long durationNanos) {
            results.computeIfAbsent(result, k -> new AtomicInteger()).incrementAndGet();
          }

          @Override
          public void restarted(String kind, String reason) {}

          @Override
          public void drift(String kind, String cause) {}
        };
    Reconciler reconciler =
        ReconcilerBuilder.over(
                definitions, new HostAccess(host, resources, null), dir.resolve("storage"))
            .inventory(inventory)
            .exits(exits)
            .metrics(counting)
            .clock(clock)
            .owner(OWNER)
            .build();
    workers =
        new ReconcileWorkers(
            reconciler,
            queue,
            definitions,
            host,
            inventory,
            exits,
            counting,
            clock,
            2,
            Duration.ofMinutes(10));
    return workers;
  }

  static DefinitionSpec vm(String name, Operation op) {
    // a stop by shutdown waits for the guest 1 s; a stop to exercise terminate does not wait
    int shutdownTimeout = op == Operation.TERMINATE ? 0 : 1;
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Running)
        .restart(RestartPolicy.Always)
        .shutdownTimeout(shutdownTimeout)
        .labels(Map.of())
        .virtualMachine(1, 1024L, SpecBuilder.disk("os", 8))
        .build();
  }

  void announce(UUID id) {
    workers.onDefinitionChanged(new DefinitionChanged(id));
  }

  Phase phase(UUID id) {
    return definitions.require(id).status().phase();
  }

  int passes() {
    return results.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int count(String result) {
    AtomicInteger n = results.get(result);
    return n == null ? 0 : n.get();
  }

  long outcomes(String operation, String outcome) {
    return registry
        .find("hcs.host.operation.duration")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
