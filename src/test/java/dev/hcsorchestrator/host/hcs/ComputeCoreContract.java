package dev.hcsorchestrator.host.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What computecore.dll does, as seen through {@link ComputeCore}: written once and run against
 * every implementation (the simulated one, JNA over the C twin, the real DLL). A subclass provides
 * the implementation and a {@link HostControl} for what must happen from outside the caller.
 */
public abstract class ComputeCoreContract {

  /** What a test makes happen on the host from outside the caller. */
  public interface HostControl {

    /** The guest OS shuts itself down. */
    void guestShutdown(String systemId);

    /** The system crashes. */
    void crash(String systemId);

    /** A process in a container ends with this code. */
    void exitProcess(String systemId, int processId, int exitCode);
  }

  /** The implementation under test, its host control, and what to close afterwards. */
  protected record Subject(ComputeCore core, HostControl control, AutoCloseable cleanup) {}

  /** A fresh implementation keeping its state (if any) under {@code stateDir}. */
  protected abstract Subject create(Path stateDir) throws Exception;

  protected static final String OWNER = "contract-test";
  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir protected Path dir;
  protected ComputeCore core;
  protected HostControl control;
  private AutoCloseable cleanup;
  protected final List<HcsEvent> events = new ArrayList<>();
  protected final List<String> eventThreads = new ArrayList<>();

  @BeforeEach
  void setUpSubject() throws Exception {
    Subject subject = create(dir.resolve("state"));
    core = subject.core();
    control = subject.control();
    cleanup = subject.cleanup();
    core.setEventListener(
        e -> {
          synchronized (events) {
            events.add(e);
            eventThreads.add(Thread.currentThread().getName());
          }
        });
  }

  @AfterEach
  void tearDownSubject() throws Exception {
    if (cleanup != null) {
      cleanup.close();
    }
  }

  // ------------------------------------------------------------------ documents

  protected static String vmDocument(String owner) {
    return """
        {"Owner":"%s","SchemaVersion":{"Major":2,"Minor":5},"ShouldTerminateOnLastHandleClosed":false,
         "VirtualMachine":{"StopOnReset":true,"Services":{"Shutdown":{},"Heartbeat":{}},
           "Chipset":{"Uefi":{"BootThis":{"DeviceType":"ScsiDrive","DevicePath":"primary","DiskNumber":0}}},
           "ComputeTopology":{"Memory":{"SizeInMB":1024},"Processor":{"Count":2}},
           "Devices":{"Scsi":{"primary":{"Attachments":{"0":{"Type":"VirtualDisk","Path":"C:\\\\vm\\\\os.vhdx"}}}}}}}
        """
        .formatted(owner);
  }

  protected static String vmRestoring(String owner, String saveStateFile) {
    return """
        {"Owner":"%s","SchemaVersion":{"Major":2,"Minor":1},
         "VirtualMachine":{"ComputeTopology":{"Memory":{"SizeInMB":1024},"Processor":{"Count":2}},
           "RestoreState":{"SaveStateFilePath":%s}}}
        """
        .formatted(owner, JSON.writeValueAsString(saveStateFile));
  }

  protected static String containerDocument(String owner) {
    return """
        {"Owner":"%s","SchemaVersion":{"Major":2,"Minor":1},
         "Container":{"GuestOs":{"HostName":"c1"},
           "Storage":{"Path":"C:\\\\scratch\\\\c1","Layers":[{"Id":"0f0e0d0c-0b0a-0908-0706-050403020100","Path":"C:\\\\layers\\\\base"}]},
           "Memory":{"SizeInMB":512},"Processor":{"Count":1}}}
        """
        .formatted(owner);
  }

  protected static String newId() {
    return UUID.randomUUID().toString();
  }

  protected JsonNode properties(String id) {
    return JSON.readTree(core.getComputeSystemProperties(id, null));
  }

  protected static void assertHresult(ThrowingCallable call, int... expected) {
    assertThatThrownBy(call)
        .isInstanceOf(HcsException.class)
        .satisfies(
            e -> {
              int actual = ((HcsException) e).normalizedHresult();
              assertThat(Set.copyOf(boxed(expected)))
                  .as("HRESULT %s", HResults.name(actual))
                  .contains(actual);
            });
  }

  private static List<Integer> boxed(int[] values) {
    List<Integer> out = new ArrayList<>();
    for (int v : values) {
      out.add(v);
    }
    return out;
  }

  protected List<HcsEvent> eventsFor(String id) {
    synchronized (events) {
      return events.stream().filter(e -> id.equals(e.systemId())).toList();
    }
  }

  protected HcsEvent awaitEvent(String id, int type) {
    return await()
        .atMost(WAIT)
        .until(
            () -> eventsFor(id).stream().filter(e -> e.type() == type).findFirst().orElse(null),
            e -> e != null);
  }

  protected void awaitGone(String id) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              try {
                JsonNode p = properties(id);
                return p.path("Stopped").asBoolean(false) && !p.has("State");
              } catch (HcsException e) {
                return e.normalizedHresult() == HResults.HCS_E_SYSTEM_NOT_FOUND;
              }
            });
  }

  // ------------------------------------------------------------------ lifecycle

  @Test
  void createdSystemReportsItsIdOwnerTypeAndStateCreated() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));

    JsonNode p = properties(id);
    assertThat(p.path("Id").asString()).isEqualTo(id);
    assertThat(p.path("Owner").asString()).isEqualTo(OWNER);
    assertThat(p.path("SystemType").asString()).isEqualTo("VirtualMachine");
    assertThat(p.path("State").asString()).isEqualTo("Created");
  }

  @Test
  void startRunsPauseAndResumeSwitchState() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    core.startComputeSystem(id, null);
    assertThat(properties(id).path("State").asString()).isEqualTo("Running");

    core.pauseComputeSystem(id, "{\"SuspensionLevel\":\"Suspend\"}");
    assertThat(properties(id).path("State").asString()).isEqualTo("Paused");

    core.resumeComputeSystem(id, null);
    assertThat(properties(id).path("State").asString()).isEqualTo("Running");
  }

  @Test
  void takenIdAnswersAlreadyExists() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    assertHresult(
        () -> core.createComputeSystem(id, vmDocument(OWNER)),
        HResults.HCS_E_SYSTEM_ALREADY_EXISTS);
  }

  static Stream<Arguments> malformedDocuments() {
    return Stream.of(
        Arguments.of("not JSON", "{\"Owner\":"),
        Arguments.of("an empty object", "{}"),
        Arguments.of(
            "neither VirtualMachine nor Container",
            "{\"Owner\":\"x\",\"SchemaVersion\":{\"Major\":2,\"Minor\":1}}"),
        Arguments.of(
            "both VirtualMachine and Container",
            vmDocument("x").replace("\"VirtualMachine\"", "\"Container\":{},\"VirtualMachine\"")),
        Arguments.of(
            "an unknown property", vmDocument("x").replace("\"StopOnReset\"", "\"StopOnRest\"")),
        Arguments.of(
            "a wrong type", vmDocument("x").replace("\"SizeInMB\":1024", "\"SizeInMB\":\"1024\"")),
        Arguments.of(
            "an unknown enum value", vmDocument("x").replace("\"VirtualDisk\"", "\"FloppyDisk\"")),
        Arguments.of("an array", "[]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedDocuments")
  void malformedDocumentAnswersInvalidJson(String what, String document) {
    String id = newId();
    assertHresult(() -> core.createComputeSystem(id, document), HResults.HCS_E_INVALID_JSON);
    assertHresult(() -> core.getComputeSystemProperties(id, null), HResults.HCS_E_SYSTEM_NOT_FOUND);
  }

  @Test
  void operationsInTheWrongStateAnswerInvalidState() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    assertHresult(() -> core.pauseComputeSystem(id, null), HResults.HCS_E_INVALID_STATE);
    assertHresult(() -> core.resumeComputeSystem(id, null), HResults.HCS_E_INVALID_STATE);

    core.startComputeSystem(id, null);
    assertHresult(() -> core.startComputeSystem(id, null), HResults.HCS_E_INVALID_STATE);
    assertHresult(() -> core.resumeComputeSystem(id, null), HResults.HCS_E_INVALID_STATE);
    assertHresult(
        () -> core.saveComputeSystem(id, saveOptions(dir.resolve("x.vmrs"))),
        HResults.HCS_E_INVALID_STATE);
  }

  @Test
  void unknownSystemAnswersNotFound() {
    String id = newId();
    int nf = HResults.HCS_E_SYSTEM_NOT_FOUND;
    assertHresult(() -> core.openComputeSystem(id), nf);
    assertHresult(() -> core.startComputeSystem(id, null), nf);
    assertHresult(() -> core.shutDownComputeSystem(id, null), nf);
    assertHresult(() -> core.terminateComputeSystem(id, null), nf);
    assertHresult(() -> core.pauseComputeSystem(id, null), nf);
    assertHresult(() -> core.resumeComputeSystem(id, null), nf);
    assertHresult(() -> core.saveComputeSystem(id, saveOptions(dir.resolve("x.vmrs"))), nf);
    assertHresult(() -> core.getComputeSystemProperties(id, null), nf);
    core.closeComputeSystem(id);
  }

  // ------------------------------------------------------------------ exits

  @Test
  void shutdownEndsWithGracefulExitEventFromAnotherThread() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    core.startComputeSystem(id, null);

    core.shutDownComputeSystem(id, null); // options reserved: HCS uses the Shutdown service

    HcsEvent exit = awaitEvent(id, HcsEvent.SYSTEM_EXITED);
    assertThat(JSON.readTree(exit.eventData()).path("ExitType").asString())
        .isEqualTo("GracefulExit");
    synchronized (events) {
      assertThat(eventThreads).doesNotContain(Thread.currentThread().getName());
    }
    awaitGone(id);
  }

  @Test
  void terminateEndsWithForcedExitEvent() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    core.startComputeSystem(id, null);

    core.terminateComputeSystem(id, null);

    HcsEvent exit = awaitEvent(id, HcsEvent.SYSTEM_EXITED);
    assertThat(JSON.readTree(exit.eventData()).path("ExitType").asString()).isEqualTo("ForcedExit");
  }

  @Test
  void stoppedSystemIsGoneOnceClosed() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    core.startComputeSystem(id, null);
    core.terminateComputeSystem(id, null);
    awaitEvent(id, HcsEvent.SYSTEM_EXITED);

    // While still held, a handle to an exited system only tells that it stopped.
    assertHresult(
        () -> core.terminateComputeSystem(id, null),
        HResults.HCS_E_SYSTEM_ALREADY_STOPPED,
        HResults.HCS_E_SYSTEM_NOT_FOUND);
    assertHresult(
        () -> core.startComputeSystem(id, null),
        HResults.HCS_E_SYSTEM_ALREADY_STOPPED,
        HResults.HCS_E_SYSTEM_NOT_FOUND);

    core.closeComputeSystem(id);
    assertHresult(() -> core.getComputeSystemProperties(id, null), HResults.HCS_E_SYSTEM_NOT_FOUND);
    assertHresult(() -> core.openComputeSystem(id), HResults.HCS_E_SYSTEM_NOT_FOUND);
    assertThat(enumerate(null)).doesNotContain(id);
  }

  @Test
  void guestShutdownAndCrashAreReportedWithTheirExitType() {
    String graceful = newId();
    String crashed = newId();
    for (String id : List.of(graceful, crashed)) {
      core.createComputeSystem(id, vmDocument(OWNER));
      core.startComputeSystem(id, null);
    }

    control.guestShutdown(graceful);
    control.crash(crashed);

    assertThat(
            JSON.readTree(awaitEvent(graceful, HcsEvent.SYSTEM_EXITED).eventData())
                .path("ExitType")
                .asString())
        .isEqualTo("GracefulExit");
    JsonNode crash = JSON.readTree(awaitEvent(crashed, HcsEvent.SYSTEM_EXITED).eventData());
    assertThat(crash.path("ExitType").asString()).isEqualTo("UnexpectedExit");
    assertThat(crash.path("Status").asInt()).isEqualTo(HResults.HCS_E_UNEXPECTED_EXIT);
  }

  @Test
  void closedSystemSendsNoEvents() {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    core.startComputeSystem(id, null);
    core.closeComputeSystem(id);

    control.guestShutdown(id);
    awaitGone(id);

    String other = newId();
    core.createComputeSystem(other, vmDocument(OWNER));
    core.startComputeSystem(other, null);
    core.terminateComputeSystem(other, null);
    awaitEvent(other, HcsEvent.SYSTEM_EXITED);
    // Events arrive in order from one source: the later exit came, the earlier never will.
    assertThat(eventsFor(id)).isEmpty();
  }

  // ------------------------------------------------------------------ save and restore

  @Test
  void saveOfPausedVmWritesTheStateFileThatRestoreNeeds() {
    Path stateFile = savedState(dir.resolve("saved").resolve("vm.vmrs"));

    assertThat(stateFile).exists();

    String restored = newId();
    core.createComputeSystem(restored, vmRestoring(OWNER, stateFile.toString()));
    core.startComputeSystem(restored, null);
    assertThat(properties(restored).path("State").asString()).isEqualTo("Running");

    assertHresult(
        () ->
            core.createComputeSystem(
                newId(), vmRestoring(OWNER, dir.resolve("none.vmrs").toString())),
        HResults.E_FILE_NOT_FOUND);
  }

  /** A state file written as HCS writes one: a running VM paused, saved to it and terminated. */
  private Path savedState(Path stateFile) {
    String id = newId();
    core.createComputeSystem(id, vmDocument(OWNER));
    core.startComputeSystem(id, null);
    core.pauseComputeSystem(
        id, "{\"SuspensionLevel\":\"Suspend\",\"HostedNotification\":{\"Reason\":\"Save\"}}");
    core.saveComputeSystem(id, saveOptions(stateFile));
    core.terminateComputeSystem(id, null);
    awaitEvent(id, HcsEvent.SYSTEM_EXITED);
    return stateFile;
  }

  protected static String saveOptions(Path file) {
    return "{\"SaveType\":\"ToFile\",\"SaveStateFilePath\":"
        + JSON.writeValueAsString(file.toString())
        + "}";
  }

  // ------------------------------------------------------------------ enumeration

  @Test
  void enumerationFiltersByOwnerIdAndType() {
    String vm = newId();
    String container = newId();
    String foreign = newId();
    core.createComputeSystem(vm, vmDocument(OWNER));
    core.createComputeSystem(container, containerDocument(OWNER));
    core.createComputeSystem(foreign, vmDocument("someone-else"));

    assertThat(enumerate("{\"Owners\":[\"" + OWNER + "\"]}"))
        .containsExactlyInAnyOrder(vm, container);
    assertThat(enumerate("{\"Ids\":[\"" + foreign + "\"]}")).containsExactly(foreign);
    assertThat(enumerate("{\"Owners\":[\"" + OWNER + "\"],\"Types\":[\"Container\"]}"))
        .containsExactly(container);
    assertThat(enumerate(null)).contains(vm, container, foreign);
    assertHresult(
        () -> core.enumerateComputeSystems("{\"Owner\":[\"x\"]}"), HResults.HCS_E_INVALID_JSON);
  }

  protected List<String> enumerate(String query) {
    List<String> ids = new ArrayList<>();
    for (JsonNode p : JSON.readTree(core.enumerateComputeSystems(query))) {
      ids.add(p.path("Id").asString());
    }
    return ids;
  }

  // ------------------------------------------------------------------ processes

  @Test
  void containerProcessExitIsReportedWithItsCode() {
    String id = newId();
    core.createComputeSystem(id, containerDocument(OWNER));
    core.startComputeSystem(id, null);

    int pid =
        core.createProcess(
            id,
            "{\"CommandLine\":\"cmd /c exit 3\",\"WorkingDirectory\":\"C:\\\\\",\"Environment\":{\"A\":\"1\"}}");
    assertThat(pid).isPositive();

    control.exitProcess(id, pid, 3);

    HcsEvent exited = awaitEvent(id, HcsEvent.PROCESS_EXITED);
    assertThat(exited.processId()).isEqualTo(pid);
    JsonNode status = JSON.readTree(exited.eventData());
    assertThat(status.path("ExitCode").asInt()).isEqualTo(3);
    assertThat(status.path("LastWaitResult").asInt()).isZero();
    assertHresult(
        () -> core.terminateProcess(id, pid, null), HResults.HCS_E_PROCESS_ALREADY_STOPPED);
  }

  @Test
  void processesEndWhenTheirSystemStops() {
    String id = newId();
    core.createComputeSystem(id, containerDocument(OWNER));
    core.startComputeSystem(id, null);
    int pid = core.createProcess(id, "{\"CommandLine\":\"ping -t localhost\"}");

    core.terminateComputeSystem(id, null);

    awaitEvent(id, HcsEvent.SYSTEM_EXITED);
    List<HcsEvent> all = eventsFor(id);
    assertThat(all)
        .extracting(HcsEvent::type)
        .containsExactly(HcsEvent.PROCESS_EXITED, HcsEvent.SYSTEM_EXITED);
    assertThat(all.get(0).processId()).isEqualTo(pid);
  }

  @Test
  void processNeedsARunningSystemAndValidParameters() {
    String id = newId();
    core.createComputeSystem(id, containerDocument(OWNER));
    assertHresult(
        () -> core.createProcess(id, "{\"CommandLine\":\"cmd\"}"), HResults.HCS_E_INVALID_STATE);
    core.startComputeSystem(id, null);
    assertHresult(
        () -> core.createProcess(id, "{\"CommandLin\":\"cmd\"}"), HResults.HCS_E_INVALID_JSON);
    assertHresult(
        () -> core.createProcess(newId(), "{\"CommandLine\":\"cmd\"}"),
        HResults.HCS_E_SYSTEM_NOT_FOUND);
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void hundredSystemsDrivenInParallelEachExitOnceInOrder() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(newId());
    }
    String owner = OWNER + "-parallel";
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        boolean container = i % 2 == 0;
        boolean graceful = i % 4 < 2;
        done.add(
            pool.submit(
                () -> {
                  core.createComputeSystem(
                      id, container ? containerDocument(owner) : vmDocument(owner));
                  core.startComputeSystem(id, null);
                  if (container) {
                    core.createProcess(id, "{\"CommandLine\":\"cmd\"}");
                  } else {
                    core.pauseComputeSystem(id, null);
                    core.resumeComputeSystem(id, null);
                  }
                  if (graceful) {
                    core.shutDownComputeSystem(id, null);
                  } else {
                    core.terminateComputeSystem(id, null);
                  }
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            eventsFor(id).stream()
                                .anyMatch(e -> e.type() == HcsEvent.SYSTEM_EXITED)));
    for (int i = 0; i < ids.size(); i++) {
      List<HcsEvent> own = eventsFor(ids.get(i));
      List<Integer> types = own.stream().map(HcsEvent::type).toList();
      assertThat(types)
          .as("events of system %d", i)
          .isEqualTo(
              i % 2 == 0
                  ? List.of(HcsEvent.PROCESS_EXITED, HcsEvent.SYSTEM_EXITED)
                  : List.of(HcsEvent.SYSTEM_EXITED));
      String exitType =
          JSON.readTree(own.get(own.size() - 1).eventData()).path("ExitType").asString();
      assertThat(exitType).isEqualTo(i % 4 < 2 ? "GracefulExit" : "ForcedExit");
      core.closeComputeSystem(ids.get(i));
    }
    assertThat(enumerate("{\"Owners\":[\"" + owner + "\"]}")).isEmpty();
  }

  @Test
  void vmWithoutTheShutdownServiceIsNotConfiguredForAGracefulShutdown() throws Exception {
    Path state = savedState(dir.resolve("plain.vmrs"));
    String id = newId();
    core.createComputeSystem(id, vmRestoring(OWNER, state.toString()));
    core.startComputeSystem(id, null);

    assertHresult(
        () -> core.shutDownComputeSystem(id, null),
        HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION);
    core.terminateComputeSystem(id, null);
    awaitEvent(id, HcsEvent.SYSTEM_EXITED);
    core.closeComputeSystem(id);
  }

  // ------------------------------------------------------------------ service and files

  @Test
  void serviceReportsSchemaVersionTwoOne() {
    JsonNode props = JSON.readTree(core.getServiceProperties("{\"PropertyTypes\":[\"Basic\"]}"));
    JsonNode versions = props.path("Properties").path(0).path("SupportedSchemaVersions");
    assertThat(versions.path(0).path("Major").asInt()).isEqualTo(2);
    assertThat(versions.path(0).path("Minor").asInt()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void emptyRuntimeStateFileIsCreatedOnce() throws Exception {
    Path file = dir.resolve("empty.vmrs");
    core.createEmptyRuntimeStateFile(file.toString());
    assertThat(Files.exists(file)).isTrue();
    assertHresult(() -> core.createEmptyRuntimeStateFile(file.toString()), HResults.E_FILE_EXISTS);
  }
}
