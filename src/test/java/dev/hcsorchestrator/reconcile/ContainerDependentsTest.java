package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hcsorchestrator.definition.ContainerSpec;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.NetworkAdapterSpec;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.definition.SpecBuilder;
import dev.hcsorchestrator.host.EndpointRequest;
import dev.hcsorchestrator.host.HostException;
import dev.hcsorchestrator.host.HostExitType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container's namespace and scratch volume as dependents over the simulated host (whose HCS
 * refuses a container whose storage path is not a mounted volume and whose HCN refuses to delete an
 * endpoint still in a namespace or a namespace still holding one): what they are, that they stay
 * across incarnations, and that a delete interrupted at any host call leaks nothing. Interruptions
 * are HRESULTs injected at the DLL boundary; what the service does between two host calls (the
 * deletion of an empty folder) has no such boundary and is not interrupted here.
 */
class ContainerDependentsTest {

  /** RPC_S_SERVER_UNAVAILABLE: the host service went away in the middle of a call. */
  static final int SERVER_UNAVAILABLE = 0x800706BA;

  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path storage;
  @TempDir Path images;

  PassFixture f;
  InMemoryDefinitions definitions;
  SystemSpecs specs;
  List<String> layers;

  @BeforeEach
  void setUp() throws IOException {
    f = new PassFixture(storage);
    definitions = f.definitions;
    specs = new SystemSpecs(storage);
    layers = List.of(layer("app"), layer("base"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  /** A layer folder of the owner's image. */
  String layer(String name) throws IOException {
    return Files.createDirectories(images.resolve(name)).toString();
  }

  /** A service process (again) over the same store and host: what a crash leaves is all it has. */
  void newService() {
    f.newService();
  }

  static DefinitionSpec container(List<String> layers, List<String> adapters) {
    DefinitionSpec c = ReconcilerTest.container("app", RestartPolicy.Always);
    ContainerSpec s = c.container();
    return SpecBuilder.bare(c.name(), c.kind())
        .desired(c.desiredState())
        .restart(c.restartPolicy())
        .shutdownTimeout(30)
        .labels(c.labels())
        .container(
            new ContainerSpec(
                layers,
                s.command(),
                s.workingDirectory(),
                s.environment(),
                s.processors(),
                s.memoryMB(),
                adapters.stream().map(a -> new NetworkAdapterSpec(a, "nat", null)).toList(),
                s.mappedDirectories()))
        .build();
  }

  void converge(UUID id) {
    f.converge(id);
  }

  DefinitionStatus status(UUID id) {
    return definitions.require(id).status();
  }

  /** The container part of the document the running system was created with. */
  JsonNode created(UUID id) {
    return JSON.readTree(f.sim.document(status(id).computeSystemId())).path("Container");
  }

  static String volumeOf(JsonNode container) {
    return container.path("Storage").path("Path").asString();
  }

  static List<String> layerPaths(JsonNode container) {
    List<String> paths = new ArrayList<>();
    container.path("Storage").path("Layers").forEach(l -> paths.add(l.path("Path").asString()));
    return paths;
  }

  /** Each HCN namespace on the host with the endpoints it holds. */
  Map<String, List<String>> namespaces() {
    Map<String, List<String>> out = new TreeMap<>();
    for (JsonNode id : JSON.readTree(f.sim.network.enumerateNamespaces("{}"))) {
      List<String> endpoints = new ArrayList<>();
      JSON.readTree(f.sim.network.queryNamespaceProperties(id.asString(), "{}"))
          .path("Resources")
          .forEach(r -> endpoints.add(r.path("Data").path("ID").asString()));
      out.put(id.asString(), endpoints);
    }
    return out;
  }

  /** The scratch folders under the definition's folder that still hold a scratch disk. */
  List<String> scratches(UUID id) throws IOException {
    Path folder = storage.resolve(id.toString());
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(folder)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("scratch-"))
          .filter(d -> hasFiles(d))
          .map(Path::toString)
          .toList();
    }
  }

  static boolean hasFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  JsonNode endpoint(String id) {
    return JSON.readTree(f.sim.network.queryEndpointProperties(id, "{}"));
  }

  @Test
  void aNetworkedContainerJoinsItsNamespaceOnItsMountedVolumeAndKeepsBothAcrossIncarnations()
      throws IOException {
    UUID id = definitions.add(container(layers, List.of("eth0", "eth1"))).id();
    converge(id);

    String namespace = SystemIds.namespaceId(id);
    String scratch = specs.scratch(id, layers);
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(namespaces().get(namespace))
        .containsExactlyInAnyOrder(
            SystemIds.endpointId(id, "eth0"), SystemIds.endpointId(id, "eth1"));
    assertThat(scratches(id)).containsExactly(scratch);
    JsonNode first = created(id);
    assertThat(first.path("Networking").path("Namespace").asString()).isEqualTo(namespace);
    assertThat(f.sim.storage.servesContainerStorage(volumeOf(first))).isTrue();
    assertThat(layerPaths(first)).isEqualTo(layers);
    first
        .path("Storage")
        .path("Layers")
        .forEach(l -> assertThat(l.path("Id").asString()).isNotBlank());
    Bookkeeping b = Bookkeeping.of(status(id));
    assertThat(b.made(NamespaceDependent.NAMESPACE)).containsExactly(namespace);
    assertThat(b.made(ScratchDependent.SCRATCH)).containsExactly(scratch);

    f.exit(status(id).computeSystemId(), HostExitType.UnexpectedExit);
    converge(id);

    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(created(id)).isEqualTo(first);
    assertThat(namespaces()).containsOnlyKeys(namespace);
    assertThat(scratches(id)).containsExactly(scratch);
  }

  @Test
  void aContainerWithoutAdaptersGetsAScratchButNoNamespace() throws IOException {
    UUID id = definitions.add(container(layers, List.of())).id();
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(namespaces()).isEmpty();
    assertThat(created(id).path("Networking").path("Namespace").isMissingNode()).isTrue();
    assertThat(scratches(id)).containsExactly(specs.scratch(id, layers));
  }

  @Test
  void aVmGetsNeitherNamespaceNorScratchButAGuestStateFileKeptUntilItIsDeleted()
      throws IOException {
    UUID id = definitions.add(ReconcilerTest.vm("web-01", RestartPolicy.Always, null)).id();
    converge(id);
    String guestState = specs.guestStateFile(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(namespaces()).isEmpty();
    assertThat(scratches(id)).isEmpty();
    assertThat(Path.of(guestState)).exists();
    assertThat(Bookkeeping.of(status(id)).made(GuestStateDependent.GUEST_STATE))
        .containsExactly(guestState);
    assertThat(created(id).isMissingNode()).isTrue();
    assertThat(f.sim.document(status(id).computeSystemId())).contains(guestState);

    f.exit(status(id).computeSystemId(), HostExitType.UnexpectedExit);
    converge(id);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(Path.of(guestState)).exists();

    definitions.delete(id);
    converge(id);
    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(Path.of(guestState)).doesNotExist();
  }

  @Test
  void anAdapterRemovedFromTheSpecLeavesTheNamespaceBeforeItsEndpointIsDeleted() {
    UUID id = definitions.add(container(layers, List.of("eth0", "eth1"))).id();
    converge(id);

    definitions.change(id, s -> container(layers, List.of("eth0")));
    converge(id);

    String eth0 = SystemIds.endpointId(id, "eth0");
    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(namespaces().get(SystemIds.namespaceId(id))).containsExactly(eth0);
    assertThat(f.sim.endpoints()).containsExactly(eth0);
    assertThat(Bookkeeping.of(status(id)).made(Dependents.ENDPOINT)).containsExactly(eth0);
    assertThat(Bookkeeping.of(status(id)).endpointAddresses()).containsOnlyKeys(eth0);

    definitions.change(id, s -> container(layers, List.of()));
    converge(id);

    assertThat(namespaces()).as("no adapters left: no namespace").isEmpty();
    assertThat(f.sim.endpoints()).isEmpty();
    assertThat(created(id).path("Networking").path("Namespace").isMissingNode()).isTrue();
    assertThat(Bookkeeping.of(status(id)).made(NamespaceDependent.NAMESPACE)).isEmpty();
  }

  @Test
  void otherLayersGetANewScratchAndTheOldOneGoesOnceTheReplacementRuns() throws IOException {
    UUID id = definitions.add(container(layers, List.of())).id();
    converge(id);
    String old = specs.scratch(id, layers);
    List<String> other = List.of(layer("app2"), layers.get(1));

    definitions.change(id, s -> container(other, List.of()));
    converge(id);

    String now = specs.scratch(id, other);
    assertThat(status(id).incarnation()).isEqualTo(2);
    assertThat(scratches(id)).containsExactly(now);
    assertThat(f.sim.storage.servesContainerStorage(volumeOf(created(id)))).isTrue();
    assertThat(layerPaths(created(id))).isEqualTo(other);
    assertThat(Path.of(old)).doesNotExist();
    assertThat(Bookkeeping.of(status(id)).made(ScratchDependent.SCRATCH)).containsExactly(now);
    assertThat(Bookkeeping.of(status(id)).scratchVolume().volumePath())
        .isEqualTo(volumeOf(created(id)));
  }

  @Test
  void aMissingLayerFolderFailsTheDefinitionNamingItAndIsNotRetried() {
    String missing = images.resolve("missing").toString();
    UUID id = definitions.add(container(List.of(layers.get(0), missing), List.of("eth0"))).id();
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Failed);
    assertThat(status(id).message()).contains(missing);
    assertThat(status(id).nextRetryAt()).isNull();
    assertThat(f.sim.ids()).isEmpty();
    DefinitionStatus failed = status(id);
    converge(id);
    assertThat(status(id)).as("held in Failed: no retry").isEqualTo(failed);
    assertThat(f.sim.ids()).isEmpty();
  }

  @Test
  void deletionTakesTheEndpointsOutOfTheNamespaceThenDeletesThemTheNamespaceAndTheScratch()
      throws IOException {
    UUID id = definitions.add(container(layers, List.of("eth0"))).id();
    converge(id);

    // HCN refuses an endpoint still in a namespace and a namespace still holding one: only the
    // order hcsshim uses empties the host
    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertNothingLeft(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ModifyNamespace", "DeleteEndpoint", "DeleteNamespace", "DetachLayer"})
  void aDeleteInterruptedAtAnyStepLeaksNothingOnceAnotherServiceFinishesIt(String step)
      throws IOException {
    UUID id = definitions.add(container(layers, List.of("eth0", "eth1"))).id();
    converge(id);

    definitions.delete(id);
    f.sim.fail(step, SERVER_UNAVAILABLE);
    assertThatThrownBy(() -> converge(id)).isInstanceOf(HostException.class);
    assertThat(definitions.wasRemoved(id)).isFalse();

    newService();
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertNothingLeft(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CreateEndpoint",
        "CreateNamespace",
        "ModifyNamespace",
        "LayerMountPath",
        "Create"
      })
  void aCreateInterruptedAtAnyStepLeaksNothingWhenTheDefinitionIsThenDeleted(String step)
      throws IOException {
    UUID id = definitions.add(container(layers, List.of("eth0"))).id();
    f.sim.fail(step, SERVER_UNAVAILABLE);
    assertThatThrownBy(() -> converge(id)).isInstanceOf(HostException.class);

    newService();
    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertNothingLeft(id);
  }

  @Test
  void anEndpointDeletedBehindTheServicesBackComesBackWithItsMacAndIpInTheNamespace() {
    UUID id = definitions.add(container(layers, List.of("eth0"))).id();
    converge(id);
    String endpoint = SystemIds.endpointId(id, "eth0");
    String ip = f.sim.resources.endpointAddress(endpoint).orElseThrow();
    String mac = endpoint(endpoint).path("MacAddress").asString();
    assertThat(Bookkeeping.of(status(id)).endpointAddresses()).containsEntry(endpoint, ip);

    // outside the service, through HCN as an administrator would: out of the namespace, deleted
    f.sim.containers.removeNamespaceEndpoint(SystemIds.namespaceId(id), endpoint);
    f.sim.resources.deleteEndpoint(endpoint);
    f.exit(status(id).computeSystemId(), HostExitType.UnexpectedExit);
    converge(id);

    assertThat(status(id).phase()).isEqualTo(Phase.Running);
    assertThat(f.sim.resources.endpointAddress(endpoint)).contains(ip);
    assertThat(endpoint(endpoint).path("MacAddress").asString()).isEqualTo(mac);
    assertThat(namespaces().get(SystemIds.namespaceId(id))).containsExactly(endpoint);
  }

  @Test
  void aNamespaceStillHoldingAnEndpointPutInBehindTheServicesBackIsEmptiedThenDeleted() {
    UUID id = definitions.add(container(layers, List.of("eth0"))).id();
    converge(id);
    String namespace = SystemIds.namespaceId(id);
    // another client makes an endpoint and puts it into our namespace
    String stray = "0b5e7f2c-1d3a-4c6b-9e8f-7a6b5c4d3e2f";
    f.sim.resources.ensureEndpoint(new EndpointRequest(stray, "stray", "nat", null));
    f.sim.containers.addNamespaceEndpoint(namespace, stray);

    definitions.delete(id);
    converge(id);

    assertThat(definitions.wasRemoved(id)).isTrue();
    assertThat(namespaces()).isEmpty();
  }

  void assertNothingLeft(UUID id) throws IOException {
    assertThat(f.sim.ids()).isEmpty();
    assertThat(f.sim.endpoints()).isEmpty();
    assertThat(namespaces()).isEmpty();
    assertThat(scratches(id)).isEmpty();
    assertThat(storage.resolve(id.toString())).doesNotExist();
  }
}
