package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import dev.hcsorchestrator.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JPA-backed {@link Definitions} and {@link DefinitionStore} against a real H2 file database
 * under a temporary dir (and, in {@link DefinitionsPersistencePostgresIT}, against PostgreSQL).
 */
class DefinitionsPersistenceIT {

  /** Each data dir's own PostgreSQL database, when the running class is the PostgreSQL one. */
  private static final Map<Path, List<String>> databases = new ConcurrentHashMap<>();

  private static boolean onPostgres;

  private static Path dataDir;
  private static ConfigurableApplicationContext context;
  private static Definitions definitions;
  private static DefinitionStore store;
  private static final List<UUID> changed = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start(TestInfo info) throws Exception {
    onPostgres = info.getTestClass().orElseThrow() == DefinitionsPersistencePostgresIT.class;
    Files.createDirectories(Path.of("target"));
    dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "persistence-it-");
    context = startContext(dataDir);
    context.addApplicationListener(
        event -> {
          if (event instanceof PayloadApplicationEvent<?> p
              && p.getPayload() instanceof DefinitionChanged c) {
            changed.add(c.id());
          }
        });
    definitions = context.getBean(Definitions.class);
    store = context.getBean(DefinitionStore.class);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  /** Where owner-named files of these tests lie: an image root beside the data dir. */
  static Path images(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + "-images");
  }

  static ConfigurableApplicationContext startContext(Path dataDir) {
    List<String> database =
        onPostgres
            ? databases.computeIfAbsent(
                dataDir, d -> TestPostgres.springArguments(TestPostgres.newDatabase()))
            : List.of();
    // Arguments, not default properties: they must win over application.yml. The reconciler's
    // workers stay out: these tests assert exactly what this module stored.
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class)
        .run(
            Stream.concat(
                    database.stream(),
                    Stream.of(
                        "--hcs.reconcile.enabled=false",
                        "--hcs.data-dir=" + dataDir,
                        "--hcs.storage.image-roots[0]=" + images(dataDir),
                        "--server.port=0",
                        "--hcs.security.tokens[0].name=test",
                        "--hcs.security.tokens[0].role=operator",
                        "--hcs.security.tokens[0].value=persistence-it-token"))
                .toArray(String[]::new));
  }

  static DefinitionSpec vm(String name, DesiredState desired, Map<String, String> labels) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(desired)
        .labels(labels)
        .virtualMachine(
            new VirtualMachineSpec(
                2, 2048L, List.of(new DiskSpec("os", null, 20, null, null, null)), null, null))
        .build();
  }

  static DefinitionSpec container(String name) {
    return SpecBuilder.bare(name, Kind.Container)
        .desired(DesiredState.Stopped)
        .container(
            new ContainerSpec(
                List.of(dataDir.resolve("storage/layers/base").toString()),
                "cmd /c ping -t localhost",
                null,
                null,
                null,
                null,
                null,
                null))
        .build();
  }

  @Test
  void createStoresDefaultsGenerationOnePendingStatusAndCreatedEvent() {
    Definition created = definitions.create(vm("create-defaults", null, null));

    assertThat(created.generation()).isEqualTo(1);
    assertThat(created.status().phase()).isEqualTo(Phase.Pending);
    assertThat(created.spec().desiredState()).isEqualTo(DesiredState.Running);
    assertThat(created.spec().restartPolicy()).isEqualTo(RestartPolicy.Always);
    assertThat(created.spec().shutdownTimeoutSeconds()).isEqualTo(60);
    assertThat(created.spec().labels()).isEmpty();
    assertThat(created.spec().virtualMachine().networkAdapters()).isEmpty();
    assertThat(created.spec().virtualMachine().hvSockets()).isEmpty();
    assertThat(created.spec().virtualMachine().disks().get(0).readOnly()).isFalse();
    assertThat(definitions.find("create-defaults")).contains(created);
    assertThat(definitions.events("create-defaults", 50))
        .extracting(DefinitionEvent::type)
        .contains(EventType.Created);
    assertThat(changed).contains(created.id());
  }

  @Test
  void createOfAnExistingNameIsAConflict() {
    definitions.create(vm("create-twice", DesiredState.Stopped, null));
    assertThatThrownBy(() -> definitions.create(vm("create-twice", DesiredState.Stopped, null)))
        .isInstanceOf(DefinitionException.Conflict.class);
  }

  @Test
  void putMovesGenerationOnlyWhenTheSpecChanges() {
    var first = definitions.put("put-gen", vm(null, DesiredState.Stopped, Map.of("a", "1")), null);
    assertThat(first.created()).isTrue();
    assertThat(first.value().generation()).isEqualTo(1);

    var same =
        definitions.put("put-gen", vm("put-gen", DesiredState.Stopped, Map.of("a", "1")), 1L);
    assertThat(same.created()).isFalse();
    assertThat(same.value().generation()).isEqualTo(1);

    var changedLabels =
        definitions.put("put-gen", vm("put-gen", DesiredState.Stopped, Map.of("a", "2")), 1L);
    assertThat(changedLabels.value().generation()).isEqualTo(2);
    assertThat(changedLabels.value().spec().labels()).containsEntry("a", "2");
    assertThat(definitions.events("put-gen", 50))
        .extracting(DefinitionEvent::type)
        .contains(EventType.Updated);

    assertThatThrownBy(
            () -> definitions.put("put-gen", vm("put-gen", DesiredState.Stopped, Map.of()), 1L))
        .isInstanceOf(DefinitionException.PreconditionFailed.class);
    assertThat(definitions.find("put-gen").orElseThrow().generation()).isEqualTo(2);
  }

  @Test
  void putMayNotChangeTheKind() {
    definitions.create(vm("put-kind", DesiredState.Stopped, null));
    assertThatThrownBy(() -> definitions.put("put-kind", container("put-kind"), null))
        .isInstanceOfSatisfying(
            DefinitionException.Invalid.class,
            e ->
                assertThat(e.errors())
                    .extracting(DefinitionException.FieldError::field)
                    .contains("kind"));
    assertThat(definitions.find("put-kind").orElseThrow().kind()).isEqualTo(Kind.VirtualMachine);
  }

  @Test
  void desiredStateChangesMoveGenerationAndRecordFromTo() {
    definitions.create(vm("desired", DesiredState.Stopped, null));

    Definition paused = definitions.act("desired", OwnerAction.Pause);
    assertThat(paused.generation()).isEqualTo(2);
    assertThat(paused.spec().desiredState()).isEqualTo(DesiredState.Paused);
    Definition again = definitions.act("desired", OwnerAction.Pause);
    assertThat(again.generation()).isEqualTo(2);

    Definition started = definitions.act("desired", OwnerAction.Start);
    assertThat(started.generation()).isEqualTo(3);
    assertThat(started.startRequests()).isEqualTo(1);
    Definition restarted = definitions.act("desired", OwnerAction.Restart);
    assertThat(restarted.generation()).isEqualTo(3);
    assertThat(restarted.restartRequests()).isEqualTo(1);

    assertThat(definitions.events("desired", 50))
        .filteredOn(e -> e.type() == EventType.DesiredStateChanged)
        .extracting(DefinitionEvent::message)
        .contains(
            "Desired state changed from Stopped to Paused",
            "Desired state changed from Paused to Running");
  }

  @Test
  void vmOnlyStatesAreAConflictForAContainer() {
    definitions.create(container("ctr-actions"));
    assertThatThrownBy(() -> definitions.act("ctr-actions", OwnerAction.Pause))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThatThrownBy(() -> definitions.act("ctr-actions", OwnerAction.Save))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThatThrownBy(() -> definitions.act("ctr-actions", OwnerAction.Resume))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThat(definitions.find("ctr-actions").orElseThrow().spec().desiredState())
        .isEqualTo(DesiredState.Stopped);
  }

  @Test
  void statusWritesNeverMoveGenerationAndKeepTheMemo() {
    Definition d = definitions.create(vm("status-write", DesiredState.Stopped, null));
    changed.clear();
    // the reconciler's document, stored as given: the definition module never interprets it
    String memo = "{\"version\":2,\"backoffStreak\":2,\"savedStateFile\":\"/s\"}";
    DefinitionStatus status =
        new DefinitionStatus(
            Phase.Stopped,
            1,
            "9b0f6c1e-3e57-5d6f-8a0d-8f2f3f0c9a41",
            4,
            3,
            new LastExit(ExitType.GracefulExit, null, Instant.parse("2026-01-01T00:00:01Z")),
            null,
            "stopped",
            List.of(
                new Condition(
                    "Ready", "False", "Stopped", "", Instant.parse("2026-01-01T00:00:02Z"))),
            memo);

    store.updateStatus(d.id(), status);

    Definition after = store.get(d.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(status);
    assertThat(after.generation()).isEqualTo(1);
    assertThat(after.updatedAt()).isEqualTo(d.updatedAt());
    assertThat(changed).doesNotContain(d.id());
    // A spec change after the status write keeps the status.
    definitions.act("status-write", OwnerAction.Resume);
    assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(status);
  }

  @Test
  void aPassWriteStoresItsEventsInOrderWithTheStatus() {
    Definition d = definitions.create(vm("pass-write", DesiredState.Stopped, null));
    DefinitionStatus stopped =
        new DefinitionStatus(Phase.Stopped, 1, null, 0, 0, null, null, "stopped", List.of(), null);

    store.updateStatus(
        d.id(),
        stopped,
        List.of(
            new NewEvent(EventType.Stopped, "first", "sys-1", 1L),
            new NewEvent(EventType.Error, "second", null, null)));
    // events alone (status unchanged), and a pass of a definition removed meanwhile stores nothing
    store.updateStatus(d.id(), null, List.of(new NewEvent(EventType.Error, "third", null, null)));
    UUID gone = UUID.randomUUID();
    store.updateStatus(gone, stopped, List.of(new NewEvent(EventType.Error, "x", null, null)));

    assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(stopped);
    assertThat(definitions.events("pass-write", 10))
        .extracting(DefinitionEvent::message)
        .containsExactly("third", "second", "first", "Definition created");
    assertThat(definitions.events("pass-write", 10).get(2).computeSystemId()).isEqualTo("sys-1");
    assertThat(store.get(gone)).isEmpty();
    assertThat(context.getBean(EventRepository.class).countByDefinitionId(gone)).isZero();
  }

  @Test
  void theReconcilersReadSeesEveryCommittedChange() {
    Definition d = definitions.create(vm("read-after-write", DesiredState.Stopped, Map.of()));
    UUID id = d.id();
    assertThat(store.get(id)).contains(store.get(id).orElseThrow()); // now cached

    definitions.act("read-after-write", OwnerAction.Resume);
    assertThat(store.get(id).orElseThrow().spec().desiredState()).isEqualTo(DesiredState.Running);
    definitions.act("read-after-write", OwnerAction.Start);
    definitions.act("read-after-write", OwnerAction.Restart);
    assertThat(store.get(id).orElseThrow())
        .returns(1L, Definition::startRequests)
        .returns(1L, Definition::restartRequests);
    definitions.put("read-after-write", vm(null, DesiredState.Running, Map.of("a", "1")), null);
    Definition replaced = store.get(id).orElseThrow();
    assertThat(replaced.spec().labels()).containsEntry("a", "1");
    assertThat(replaced.generation()).isEqualTo(3);
    DefinitionStatus running =
        new DefinitionStatus(Phase.Running, 3, "sys", 1, 0, null, null, null, List.of(), null);
    store.updateStatus(id, running, List.of());
    assertThat(store.get(id).orElseThrow().status()).isEqualTo(running);

    definitions.requestDeletion("read-after-write");
    assertThat(store.get(id).orElseThrow().deleting()).isTrue();
    store.updateStatus(id, running, List.of());
    assertThat(store.get(id).orElseThrow().status().phase()).isEqualTo(Phase.Deleting);
    store.remove(id);
    assertThat(store.get(id)).isEmpty();
  }

  @Test
  void aStatusServedFromTheCacheEqualsTheStoredOne() {
    Definition d = definitions.create(vm("cached-status", DesiredState.Running, null));
    Instant at = Instant.parse("2026-11-29T01:02:03.123456789Z");
    DefinitionStatus status =
        new DefinitionStatus(
            Phase.BackOff,
            1,
            "system-id",
            4,
            3,
            new LastExit(ExitType.UnexpectedExit, -1, at),
            at.plusSeconds(5),
            "crashed",
            List.of(new Condition("Ready", "False", "BackOff", "waiting", at)),
            "{\"version\":2,\"savedStateFile\":\"C:\\\\state.vmrs\",\"restartPending\":true}");
    store.get(d.id()); // cached before the write, so the write updates the cached entry

    store.updateStatus(d.id(), status, List.of());

    Definition cached = store.get(d.id()).orElseThrow();
    assertThat(store.get(d.id()).orElseThrow()).isSameAs(cached);
    // inside a transaction the read bypasses the cache and parses the stored row
    Definition stored =
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
            .execute(tx -> store.get(d.id()).orElseThrow());
    assertThat(stored).isNotSameAs(cached).isEqualTo(cached);
  }

  @Test
  void aRolledBackStatusWriteIsNotServed() {
    Definition d = definitions.create(vm("rolled-back", DesiredState.Running, null));
    DefinitionStatus before = store.get(d.id()).orElseThrow().status();

    new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
        .executeWithoutResult(
            tx -> {
              store.updateStatus(
                  d.id(),
                  new DefinitionStatus(
                      Phase.Failed, 1, null, 0, 0, null, null, "x", List.of(), null),
                  List.of());
              tx.setRollbackOnly();
            });

    assertThat(store.get(d.id()).orElseThrow().status()).isEqualTo(before);
  }

  @Test
  void eventsAreNewestFirstAndTrimmedToTheNewestThousand() {
    Definition d = definitions.create(vm("many-events", DesiredState.Stopped, null));
    // One transaction for speed; the trimming runs as it does over separate transactions.
    new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
        .executeWithoutResult(
            tx -> {
              for (int i = 0; i < 1200; i++) {
                store.recordEvent(d.id(), EventType.Error, "event " + i, null, (long) i);
              }
            });
    List<DefinitionEvent> all = definitions.events("many-events", 5000);
    assertThat(all).hasSize(1000);
    assertThat(all.get(0).message()).isEqualTo("event 1199");
    assertThat(all).extracting(DefinitionEvent::type).doesNotContain(EventType.Created);
    assertThat(definitions.events("many-events", 3)).hasSize(3);
    // Trimming is lazy (every TRIM_EVERY inserts), yet the stored rows stay within that slack.
    assertThat(context.getBean(EventRepository.class).countByDefinitionId(d.id()))
        .isBetween(
            (long) EventLog.MAX_EVENTS_PER_DEFINITION,
            (long) EventLog.MAX_EVENTS_PER_DEFINITION + EventLog.TRIM_EVERY - 1);
  }

  @Test
  void aHostsReservationFollowsAssignmentsSpecChangesReleasesAndRemovals() {
    DefinitionPlacements placements = context.getBean(DefinitionPlacements.class);
    TransactionTemplate tx =
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    String host = "reservation-host";
    Definition a = definitions.create(vm("reserve-a", DesiredState.Stopped, null));
    Definition b = definitions.create(vm("reserve-b", DesiredState.Stopped, null));
    assertThat(tx.<Boolean>execute(t -> placements.assign(a.id(), host, 2, 2048))).isTrue();
    assertThat(tx.<Boolean>execute(t -> placements.assign(b.id(), host, 2, 2048))).isTrue();
    assertThat(placements.allocation(host))
        .isEqualTo(new DefinitionPlacements.Allocation(4, 4096, 2))
        .isEqualTo(summedRows(host));

    // the owner gives a more processors and memory: its reservation on the host follows
    definitions.put(
        "reserve-a",
        SpecBuilder.bare("reserve-a", Kind.VirtualMachine)
            .desired(DesiredState.Stopped)
            .virtualMachine(
                new VirtualMachineSpec(
                    6, 8192L, List.of(new DiskSpec("os", null, 20, null, null, null)), null, null))
            .build(),
        null);
    assertThat(placements.allocation(host))
        .isEqualTo(new DefinitionPlacements.Allocation(8, 10240, 2))
        .isEqualTo(summedRows(host));
    assertThat(placements.allocations()).containsEntry(host, summedRows(host));

    assertThat(
            tx.<Boolean>execute(t -> placements.release(b.id(), host, EventType.Drained, "moved")))
        .isTrue();
    assertThat(placements.allocation(host))
        .isEqualTo(new DefinitionPlacements.Allocation(6, 8192, 1))
        .isEqualTo(summedRows(host));

    definitions.requestDeletion("reserve-a");
    store.remove(a.id());
    assertThat(placements.allocation(host))
        .isEqualTo(new DefinitionPlacements.Allocation(0, 0, 0))
        .isEqualTo(summedRows(host));
    assertThat(placements.allocations()).doesNotContainKey(host);
  }

  /** What the assigned rows themselves reserve on {@code host}. */
  private static DefinitionPlacements.Allocation summedRows(String host) {
    return context
        .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
        .sql(
            "select coalesce(sum(reserved_processors), 0) p, coalesce(sum(reserved_memory_mb), 0)"
                + " m, count(*) n from definition_status where host = ?")
        .param(host)
        .query(
            (r, i) ->
                new DefinitionPlacements.Allocation(r.getLong("p"), r.getLong("m"), r.getInt("n")))
        .single();
  }

  @Test
  void deletionMarksDeletingRefusesActionsAndRemoveDropsEverything() {
    Definition d = definitions.create(vm("to-delete", DesiredState.Stopped, null));
    Definition deleting = definitions.requestDeletion("to-delete");
    assertThat(deleting.deleting()).isTrue();
    assertThat(deleting.status().phase()).isEqualTo(Phase.Deleting);
    assertThat(
            definitions.list(new DefinitionQuery(null, Phase.Deleting, Map.of(), 0, 500)).content())
        .extracting(Definition::name)
        .contains("to-delete");
    assertThatThrownBy(() -> definitions.act("to-delete", OwnerAction.Start))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThatThrownBy(
            () -> definitions.put("to-delete", vm("to-delete", DesiredState.Running, null), null))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThat(store.ids()).contains(d.id());

    store.remove(d.id());

    assertThat(definitions.find("to-delete")).isEmpty();
    assertThat(store.ids()).doesNotContain(d.id());
    assertThatThrownBy(() -> definitions.events("to-delete", 10))
        .isInstanceOf(DefinitionException.NotFound.class);
  }

  @Test
  void listFiltersByKindPhaseAndLabelsSortedByName() {
    definitions.create(vm("list-b", DesiredState.Stopped, Map.of("tier", "web", "env", "prod")));
    definitions.create(vm("list-a", DesiredState.Stopped, Map.of("tier", "web", "env", "test")));
    definitions.create(vm("list-c", DesiredState.Stopped, Map.of("tier", "db")));

    DefinitionPage web =
        definitions.list(
            new DefinitionQuery(Kind.VirtualMachine, null, Map.of("tier", "web"), 0, 10));
    assertThat(web.content()).extracting(Definition::name).containsExactly("list-a", "list-b");
    DefinitionPage prodWeb =
        definitions.list(
            new DefinitionQuery(null, null, Map.of("tier", "web", "env", "prod"), 0, 10));
    assertThat(prodWeb.content()).extracting(Definition::name).containsExactly("list-b");
    assertThat(prodWeb.totalElements()).isEqualTo(1);
    DefinitionPage containers =
        definitions.list(new DefinitionQuery(Kind.Container, null, Map.of("tier", "web"), 0, 10));
    assertThat(containers.content()).isEmpty();
    DefinitionPage paged =
        definitions.list(new DefinitionQuery(null, null, Map.of("tier", "web"), 1, 1));
    assertThat(paged.content()).extracting(Definition::name).containsExactly("list-b");
    assertThat(paged.totalPages()).isEqualTo(2);
  }

  @Test
  void networksInUseCannotBeDeleted() {
    var created =
        definitions.putNetwork(
            new Network("lan", Network.NetworkType.NAT, "172.30.0.0/24", "172.30.0.1"));
    assertThat(created.created()).isTrue();
    assertThat(
            definitions
                .putNetwork(
                    new Network("lan", Network.NetworkType.NAT, "172.30.0.0/24", "172.30.0.1"))
                .created())
        .isFalse();
    definitions.create(
        SpecBuilder.bare("uses-lan", Kind.VirtualMachine)
            .desired(DesiredState.Stopped)
            .virtualMachine(
                new VirtualMachineSpec(
                    1,
                    512L,
                    List.of(new DiskSpec("os", null, 1, null, null, null)),
                    List.of(new NetworkAdapterSpec("nic0", "lan", null)),
                    null))
            .build());

    assertThatThrownBy(() -> definitions.deleteNetwork("lan"))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThat(definitions.network("lan")).isPresent();

    store.remove(definitions.find("uses-lan").orElseThrow().id());
    definitions.deleteNetwork("lan");
    assertThat(definitions.network("lan")).isEmpty();
  }

  private static DefinitionSpec usingNetwork(String name, String network) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Stopped)
        .virtualMachine(
            new VirtualMachineSpec(
                1,
                512L,
                List.of(new DiskSpec("os", null, 1, null, null, null)),
                List.of(new NetworkAdapterSpec("nic0", network, null)),
                null))
        .build();
  }

  @Test
  void aNetworkInUseKeepsItsSettingsAndTheRefusalNamesItsUsers() {
    List<String> announced = new CopyOnWriteArrayList<>();
    context.addApplicationListener(
        event -> {
          if (event instanceof PayloadApplicationEvent<?> p
              && p.getPayload() instanceof NetworkChanged c) {
            announced.add(c.name());
          }
        });
    Network lab = new Network("lab", Network.NetworkType.NAT, "10.61.0.0/24", "10.61.0.1");
    definitions.putNetwork(lab);
    definitions.create(usingNetwork("lab-b", "lab"));
    definitions.create(usingNetwork("lab-a", "lab"));
    Network moved = new Network("lab", Network.NetworkType.NAT, "10.62.0.0/24", "10.62.0.1");

    assertThatThrownBy(() -> definitions.putNetwork(moved))
        .isInstanceOf(DefinitionException.Conflict.class)
        .hasMessageContaining("definitions 'lab-a', 'lab-b'");
    assertThatThrownBy(
            () ->
                definitions.putNetwork(
                    new Network("lab", Network.NetworkType.Internal, null, null)))
        .isInstanceOf(DefinitionException.Conflict.class);
    assertThatThrownBy(() -> definitions.deleteNetwork("lab"))
        .isInstanceOf(DefinitionException.Conflict.class)
        .hasMessageContaining("definitions 'lab-a', 'lab-b'");
    assertThat(definitions.network("lab")).hasValue(lab);
    // the same declaration again changes nothing and is no conflict
    assertThat(definitions.putNetwork(lab)).isEqualTo(new Definitions.PutResult<>(lab, false));

    store.remove(definitions.find("lab-a").orElseThrow().id());
    store.remove(definitions.find("lab-b").orElseThrow().id());
    assertThat(announced).isEmpty();
    assertThat(definitions.putNetwork(moved)).isEqualTo(new Definitions.PutResult<>(moved, false));
    assertThat(definitions.network("lab")).hasValue(moved);
    assertThat(announced).containsExactly("lab");
  }

  @Test
  void aRejectedSpecStoresNothing() {
    assertThatThrownBy(
            () ->
                definitions.create(
                    SpecBuilder.bare("rejected", Kind.VirtualMachine)
                        .virtualMachine(new VirtualMachineSpec(0, 33L, List.of(), null, null))
                        .build()))
        .isInstanceOfSatisfying(
            DefinitionException.Invalid.class,
            e ->
                assertThat(e.errors())
                    .extracting(DefinitionException.FieldError::field)
                    .contains(
                        "virtualMachine.processors",
                        "virtualMachine.memoryMB",
                        "virtualMachine.disks"));
    assertThat(definitions.find("rejected")).isEmpty();
  }

  @Test
  void definitionsSurviveARestartOnTheSameDataDirectory() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restart-it-");
    Definition before;
    try (ConfigurableApplicationContext first = startContext(dir)) {
      Definitions defs = first.getBean(Definitions.class);
      before = defs.create(vm("survivor", DesiredState.Stopped, Map.of("keep", "yes")));
      defs.act("survivor", OwnerAction.Save);
      defs.putNetwork(new Network("kept", Network.NetworkType.Internal, null, null));
    }
    try (ConfigurableApplicationContext second = startContext(dir)) {
      Definitions defs = second.getBean(Definitions.class);
      Definition after = defs.find("survivor").orElseThrow();
      assertThat(after.id()).isEqualTo(before.id());
      assertThat(after.generation()).isEqualTo(2);
      assertThat(after.spec().desiredState()).isEqualTo(DesiredState.Saved);
      assertThat(after.spec().labels()).containsEntry("keep", "yes");
      assertThat(after.createdAt()).isEqualTo(before.createdAt());
      assertThat(defs.events("survivor", 10))
          .extracting(DefinitionEvent::type)
          .contains(EventType.Created, EventType.DesiredStateChanged);
      assertThat(defs.network("kept")).isPresent();
    }
  }

  @Test
  void ofConcurrentCreatesNamingOneWritableDiskExactlyOneWins() throws Exception {
    int writers = 6;
    for (int round = 0; round < 4; round++) {
      Path disk =
          Files.createTempFile(Files.createDirectories(images(dataDir)), "claimed-", ".vhdx");
      CyclicBarrier start = new CyclicBarrier(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        DefinitionSpec spec = vmWithDisk("claim-" + round + "-" + i, disk.toString());
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    definitions.create(spec);
                    return true;
                  } catch (DefinitionException.Conflict e) {
                    return false;
                  }
                }));
      }
      int created = 0;
      for (Future<Boolean> r : results) {
        created += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      pool.shutdown();
      assertThat(created).as("creates that won disk %s", disk).isEqualTo(1);
    }
  }

  private static DefinitionSpec vmWithDisk(String name, String path) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .desired(DesiredState.Stopped)
        .virtualMachine(
            new VirtualMachineSpec(
                1, 512L, List.of(new DiskSpec("data", null, null, path, null, null)), null, null))
        .build();
  }

  @Test
  void concurrentSpecWritesConflictInsteadOfOverwritingEachOther() {
    Definition d = definitions.create(vm("optimistic", DesiredState.Stopped, null));
    TransactionTemplate tx =
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    DefinitionRepository repository = context.getBean(DefinitionRepository.class);

    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    status -> {
                      DefinitionEntity stale = repository.findById(d.id()).orElseThrow();
                      // Another owner writes the spec meanwhile, in its own transaction.
                      Thread other =
                          new Thread(() -> definitions.act("optimistic", OwnerAction.Resume));
                      other.start();
                      join(other);
                      stale.setDesiredState(DesiredState.Saved);
                      stale.nextGeneration();
                      repository.flush();
                    }))
        .isInstanceOf(OptimisticLockingFailureException.class);

    Definition after = definitions.find("optimistic").orElseThrow();
    assertThat(after.spec().desiredState()).isEqualTo(DesiredState.Running);
    assertThat(after.generation()).isEqualTo(2);
  }

  @Test
  void aStatusWriteDuringASpecWriteLosesNeither() {
    Definition d = definitions.create(vm("no-lost-update", DesiredState.Stopped, null));
    TransactionTemplate tx =
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    DefinitionStatus running =
        new DefinitionStatus(Phase.Stopped, 1, null, 1, 0, null, null, "observed", List.of(), null);

    tx.executeWithoutResult(
        status -> {
          definitions.act("no-lost-update", OwnerAction.Resume);
          // The reconciler records a status concurrently, before the spec write commits.
          Thread reconciler = new Thread(() -> store.updateStatus(d.id(), running));
          reconciler.start();
          join(reconciler);
        });

    Definition after = store.get(d.id()).orElseThrow();
    assertThat(after.spec().desiredState()).isEqualTo(DesiredState.Running);
    assertThat(after.status().message()).isEqualTo("observed");
  }

  private static void join(Thread thread) {
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
