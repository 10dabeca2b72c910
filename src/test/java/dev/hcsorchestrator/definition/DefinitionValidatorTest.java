package dev.hcsorchestrator.definition;

import static dev.hcsorchestrator.definition.SpecFixture.SERVICE_ID;
import static dev.hcsorchestrator.definition.SpecFixture.containerSpec;
import static dev.hcsorchestrator.definition.SpecFixture.networkMessages;
import static dev.hcsorchestrator.definition.SpecFixture.properties;
import static dev.hcsorchestrator.definition.SpecFixture.sized;
import static dev.hcsorchestrator.definition.SpecFixture.vmSpec;
import static dev.hcsorchestrator.definition.SpecFixture.withAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the definition field table (README.md), one broken rule at a time (plus a spec
 * breaking many).
 */
class DefinitionValidatorTest {

  @TempDir Path dataDir;
  @TempDir Path imageRoot;

  private DefinitionValidator validator;

  @BeforeEach
  void setUp() {
    validator = SpecFixture.validator(properties(dataDir, List.of(imageRoot)));
  }

  private String image(String file) {
    return imageRoot.resolve(file).toString();
  }

  private VirtualMachineSpec vm(
      List<DiskSpec> disks, List<NetworkAdapterSpec> adapters, List<HvSocketSpec> sockets) {
    return new VirtualMachineSpec(2, 2048L, disks, adapters, sockets);
  }

  private DefinitionSpec validVm() {
    return vmSpec(
        vm(
            List.of(
                new DiskSpec("os", image("ws2022.vhdx"), null, null, null, null),
                sized("data", 20),
                new DiskSpec("dvd", null, null, null, image("tools.iso"), true)),
            List.of(new NetworkAdapterSpec("nic0", "lan", "00-15-5D-01-02-03")),
            List.of(new HvSocketSpec(SERVICE_ID, "agent"))));
  }

  private ContainerSpec container(List<String> layers, String command) {
    return new ContainerSpec(
        layers,
        command,
        "C:\\work",
        Map.of("MODE", "prod"),
        1,
        512L,
        List.of(new NetworkAdapterSpec("eth0", "Default Switch", null)),
        List.of(new MappedDirectorySpec(image("data"), "C:\\data", true)));
  }

  private DefinitionSpec withTop(
      DefinitionSpec s,
      String name,
      DesiredState desired,
      Integer maxRestarts,
      Integer shutdown,
      Map<String, String> labels) {
    return SpecBuilder.from(s)
        .name(name)
        .desired(desired)
        .maxRestarts(maxRestarts)
        .shutdownTimeout(shutdown)
        .labels(labels)
        .build();
  }

  private List<String> fields(DefinitionSpec spec) {
    return SpecFixture.fields(validator, spec);
  }

  @Test
  void acceptsCompleteVmAndContainerSpecs() {
    assertThatCode(() -> validator.validate(validVm(), null)).doesNotThrowAnyException();
    assertThatCode(
            () ->
                validator.validate(
                    containerSpec(container(List.of(image("app"), image("base")), "run")), null))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsBadNames() {
    for (String bad : List.of("Web", "-web", "web-", "a_b", "x".repeat(64), "")) {
      assertThat(fields(withTop(validVm(), bad, null, null, null, null)))
          .as(bad)
          .containsExactly("name");
    }
    assertThat(fields(withTop(validVm(), "x".repeat(63), null, null, null, null))).isEmpty();
    assertThat(fields(withTop(validVm(), null, null, null, null, null))).containsExactly("name");
  }

  @Test
  void nameMustEqualThePathSegment() {
    var e =
        catchThrowableOfType(
            DefinitionException.Invalid.class, () -> validator.validate(validVm(), "other"));
    assertThat(e.errors())
        .extracting(DefinitionException.FieldError::field)
        .containsExactly("name");
    assertThatCode(
            () -> validator.validate(withTop(validVm(), null, null, null, null, null), "web-01"))
        .doesNotThrowAnyException();
  }

  @Test
  void kindIsRequiredAndImmutable() {
    DefinitionSpec noKind = SpecBuilder.bare("a", null).build();
    assertThat(fields(noKind)).containsExactly("kind");
    var e =
        catchThrowableOfType(
            DefinitionException.Invalid.class,
            () -> validator.validate(validVm(), "web-01", Kind.Container));
    assertThat(e.errors())
        .extracting(DefinitionException.FieldError::field)
        .containsExactly("kind");
  }

  @Test
  void pausedAndSavedAreForVirtualMachinesOnly() {
    DefinitionSpec c = containerSpec(container(List.of(image("base")), "run"));
    assertThat(fields(withTop(c, "ctr-01", DesiredState.Paused, null, null, null)))
        .containsExactly("desiredState");
    assertThat(fields(withTop(c, "ctr-01", DesiredState.Saved, null, null, null)))
        .containsExactly("desiredState");
    assertThat(fields(withTop(validVm(), "web-01", DesiredState.Saved, null, null, null)))
        .isEmpty();
  }

  @Test
  void saveOnHostShutdownIsForVirtualMachinesOnly() {
    DefinitionSpec c = containerSpec(container(List.of(image("base")), "run"));
    assertThat(fields(withAction(c, HostShutdownAction.Save)))
        .containsExactly("hostShutdownAction");
    assertThat(fields(withAction(c, HostShutdownAction.ShutDown))).isEmpty();
    assertThat(fields(withAction(c, HostShutdownAction.TurnOff))).isEmpty();
    for (HostShutdownAction a : HostShutdownAction.values()) {
      assertThat(fields(withAction(validVm(), a))).as(a.name()).isEmpty();
    }
  }

  @Test
  void maxRestartsAndShutdownTimeoutHaveRanges() {
    assertThat(fields(withTop(validVm(), "web-01", null, -1, null, null)))
        .containsExactly("maxRestarts");
    assertThat(fields(withTop(validVm(), "web-01", null, 10001, null, null)))
        .containsExactly("maxRestarts");
    assertThat(fields(withTop(validVm(), "web-01", null, 10000, 3600, null))).isEmpty();
    assertThat(fields(withTop(validVm(), "web-01", null, 0, 0, null))).isEmpty();
    assertThat(fields(withTop(validVm(), "web-01", null, null, 3601, null)))
        .containsExactly("shutdownTimeoutSeconds");
    assertThat(fields(withTop(validVm(), "web-01", null, null, -1, null)))
        .containsExactly("shutdownTimeoutSeconds");
  }

  @Test
  void labelsAreLimitedInCountKeyAndValue() {
    Map<String, String> many = new HashMap<>();
    IntStream.range(0, 65).forEach(i -> many.put("k" + i, "v"));
    assertThat(fields(withTop(validVm(), "web-01", null, null, null, many)))
        .containsExactly("labels");
    assertThat(fields(withTop(validVm(), "web-01", null, null, null, Map.of("bad key", "v"))))
        .containsExactly("labels['bad key']");
    assertThat(fields(withTop(validVm(), "web-01", null, null, null, Map.of("k", "v".repeat(257)))))
        .containsExactly("labels['k']");
    // Keys that are no identifiers stay readable JSON paths: bracket notation, quotes escaped.
    assertThat(fields(withTop(validVm(), "web-01", null, null, null, Map.of("", "v"))))
        .containsExactly("labels['']");
    assertThat(fields(withTop(validVm(), "web-01", null, null, null, Map.of("it's", "v"))))
        .containsExactly("labels['it\\'s']");
    assertThat(
            fields(
                withTop(
                    validVm(),
                    "web-01",
                    null,
                    null,
                    null,
                    Map.of("app.kubernetes.io/name", "v".repeat(256)))))
        .isEmpty();
  }

  @Test
  void kindDecidesWhichPartIsRequired() {
    DefinitionSpec vmWithoutPart = SpecBuilder.bare("a", Kind.VirtualMachine).build();
    assertThat(fields(vmWithoutPart)).containsExactly("virtualMachine");
    DefinitionSpec containerWithoutPart = SpecBuilder.bare("a", Kind.Container).build();
    assertThat(fields(containerWithoutPart)).containsExactly("container");
    DefinitionSpec both =
        SpecBuilder.bare("a", Kind.Container)
            .virtualMachine(validVm().virtualMachine())
            .container(container(List.of(image("base")), "run"))
            .build();
    assertThat(fields(both)).containsExactly("virtualMachine");
    DefinitionSpec vmWithContainer =
        SpecBuilder.bare("a", Kind.VirtualMachine)
            .virtualMachine(validVm().virtualMachine())
            .container(container(List.of(image("base")), "run"))
            .build();
    assertThat(fields(vmWithContainer)).containsExactly("container");
  }

  @Test
  void aContainersMemoryEnvironmentAndAdaptersAreCheckedLikeAVmsOwn() {
    ContainerSpec c = container(List.of(image("base")), "run");
    ContainerSpec odd =
        new ContainerSpec(
            c.layers(),
            c.command(),
            c.workingDirectory(),
            Map.of("A=B", "x"),
            1,
            513L,
            List.of(
                new NetworkAdapterSpec("eth0", "lan", null),
                new NetworkAdapterSpec("eth0", "lan", null)),
            c.mappedDirectories());

    assertThat(fields(containerSpec(odd)))
        .containsExactlyInAnyOrder(
            "container.memoryMB", "container.environment", "container.networkAdapters[1].name");
  }

  @Test
  void aNulInAnyStringOfTheSpecIsRefusedAtItsPath() {
    assertThat(fields(SpecFixture.withLabels(validVm(), Map.of("team", "a\u0000b"))))
        .containsExactly("labels['team']");
  }

  @Test
  void processorsAndMemoryHaveRanges() {
    List<DiskSpec> disks = List.of(sized("os", 1));
    assertThat(fields(vmSpec(new VirtualMachineSpec(0, 2048L, disks, null, null))))
        .containsExactly("virtualMachine.processors");
    assertThat(fields(vmSpec(new VirtualMachineSpec(241, 2048L, disks, null, null))))
        .containsExactly("virtualMachine.processors");
    assertThat(fields(vmSpec(new VirtualMachineSpec(null, 2048L, disks, null, null))))
        .containsExactly("virtualMachine.processors");
    assertThat(fields(vmSpec(new VirtualMachineSpec(240, 32L, disks, null, null)))).isEmpty();
    assertThat(fields(vmSpec(new VirtualMachineSpec(1, 30L, disks, null, null))))
        .containsExactly("virtualMachine.memoryMB");
    assertThat(fields(vmSpec(new VirtualMachineSpec(1, 2049L, disks, null, null))))
        .containsExactly("virtualMachine.memoryMB");
    assertThat(fields(vmSpec(new VirtualMachineSpec(1, 12_582_914L, disks, null, null))))
        .containsExactly("virtualMachine.memoryMB");
    assertThat(fields(vmSpec(new VirtualMachineSpec(1, 12_582_912L, disks, null, null)))).isEmpty();
    assertThat(fields(vmSpec(new VirtualMachineSpec(1, null, disks, null, null))))
        .containsExactly("virtualMachine.memoryMB");
  }

  @Test
  void disksAreOneToSixtyFourWithUniqueNamesAndExactlyOneSource() {
    assertThat(fields(vmSpec(vm(List.of(), null, null)))).containsExactly("virtualMachine.disks");
    assertThat(fields(vmSpec(vm(null, null, null)))).containsExactly("virtualMachine.disks");
    List<DiskSpec> tooMany = IntStream.range(0, 65).mapToObj(i -> sized("d" + i, 1)).toList();
    assertThat(fields(vmSpec(vm(tooMany, null, null)))).containsExactly("virtualMachine.disks");
    assertThat(fields(vmSpec(vm(List.of(sized("a", 1), sized("a", 2)), null, null))))
        .containsExactly("virtualMachine.disks[1].name");
    assertThat(fields(vmSpec(vm(List.of(sized(null, 1)), null, null))))
        .containsExactly("virtualMachine.disks[0].name");
    assertThat(
            fields(
                vmSpec(vm(List.of(new DiskSpec("a", null, null, null, null, null)), null, null))))
        .containsExactly("virtualMachine.disks[0]");
    assertThat(
            fields(
                vmSpec(
                    vm(
                        List.of(new DiskSpec("a", image("p.vhdx"), 5, null, null, null)),
                        null,
                        null))))
        .containsExactly("virtualMachine.disks[0]");
    assertThat(fields(vmSpec(vm(List.of(sized("a", 0)), null, null))))
        .containsExactly("virtualMachine.disks[0].sizeGB");
    assertThat(fields(vmSpec(vm(List.of(sized("a", 65537)), null, null))))
        .containsExactly("virtualMachine.disks[0].sizeGB");
    assertThat(fields(vmSpec(vm(List.of(sized("a", 65536)), null, null)))).isEmpty();
    List<DiskSpec> withNull = new ArrayList<>();
    withNull.add(null);
    assertThat(fields(vmSpec(vm(withNull, null, null)))).containsExactly("virtualMachine.disks[0]");
  }

  @Test
  void pathsMustBeAbsoluteWithoutDotDotAndInsideAllowedRoots() {
    String storage = dataDir.resolve("storage").resolve("disk.vhdx").toString();
    for (String ok : List.of(image("ws.vhdx"), storage)) {
      assertThat(
              fields(
                  vmSpec(vm(List.of(new DiskSpec("a", null, null, ok, null, null)), null, null))))
          .as(ok)
          .isEmpty();
    }
    for (String bad :
        List.of(
            "relative/disk.vhdx",
            imageRoot + "/../escape.vhdx",
            dataDir.resolve("elsewhere.vhdx").toString(),
            "/etc/passwd")) {
      assertThat(
              fields(
                  vmSpec(vm(List.of(new DiskSpec("a", bad, null, null, null, null)), null, null))))
          .as(bad)
          .containsExactly("virtualMachine.disks[0].parent");
      assertThat(
              fields(
                  vmSpec(vm(List.of(new DiskSpec("a", null, null, null, bad, null)), null, null))))
          .as(bad)
          .containsExactly("virtualMachine.disks[0].iso");
    }
    assertThat(fields(containerSpec(container(List.of(image("app"), "/tmp/x"), "run"))))
        .containsExactly("container.layers[1]");
    ContainerSpec badMapped =
        new ContainerSpec(
            List.of(image("base")),
            "run",
            null,
            null,
            null,
            null,
            null,
            List.of(new MappedDirectorySpec("/srv/data", "C:\\data", null)));
    assertThat(fields(containerSpec(badMapped)))
        .containsExactly("container.mappedDirectories[0].hostPath");
  }

  @Test
  void networkAdaptersAreLimitedUniqueWithWellFormedMacs() {
    List<DiskSpec> disks = List.of(sized("os", 1));
    List<NetworkAdapterSpec> nine =
        IntStream.range(0, 9).mapToObj(i -> new NetworkAdapterSpec("n" + i, "lan", null)).toList();
    assertThat(fields(vmSpec(vm(disks, nine, null))))
        .containsExactly("virtualMachine.networkAdapters");
    assertThat(
            fields(
                vmSpec(
                    vm(
                        disks,
                        List.of(
                            new NetworkAdapterSpec("n", "lan", null),
                            new NetworkAdapterSpec("n", "lan", null)),
                        null))))
        .containsExactly("virtualMachine.networkAdapters[1].name");

    for (String badMac : List.of("00:15:5D:01:02:03", "00-15-5d-01-02-03", "00-15-5D-01-02")) {
      assertThat(
              fields(vmSpec(vm(disks, List.of(new NetworkAdapterSpec("n", "lan", badMac)), null))))
          .as(badMac)
          .containsExactly("virtualMachine.networkAdapters[0].macAddress");
    }
    assertThat(
            fields(
                containerSpec(
                    new ContainerSpec(
                        List.of(image("base")),
                        "run",
                        null,
                        null,
                        null,
                        null,
                        List.of(new NetworkAdapterSpec("eth0", " ", null)),
                        null))))
        .containsExactly("container.networkAdapters[0].network");
  }

  @Test
  void aNetworkNamedByAnAdapterIsLeftToTheReconcilerNoHostIsAsked() {
    // a network only the host has is accepted here; the reconciler fails the definition when the
    // host has none of that name either (a request never waits on the host)
    DefinitionSpec onHostOnly =
        vmSpec(
            vm(
                List.of(sized("os", 1)),
                List.of(new NetworkAdapterSpec("n", "Default Switch", null)),
                null));
    assertThat(fields(onHostOnly)).isEmpty();
  }

  @Test
  void hvSocketsAreLimitedWithGuidsAndPrintableNames() {
    List<DiskSpec> disks = List.of(sized("os", 1));
    String guid = SERVICE_ID;
    List<HvSocketSpec> seventeen =
        IntStream.range(0, 17).mapToObj(i -> new HvSocketSpec(guid, "s" + i)).toList();
    assertThat(fields(vmSpec(vm(disks, null, seventeen))))
        .containsExactly("virtualMachine.hvSockets");
    assertThat(fields(vmSpec(vm(disks, null, List.of(new HvSocketSpec("not-a-guid", "a"))))))
        .containsExactly("virtualMachine.hvSockets[0].serviceId");
    assertThat(fields(vmSpec(vm(disks, null, List.of(new HvSocketSpec(guid, ""))))))
        .containsExactly("virtualMachine.hvSockets[0].name");
    assertThat(fields(vmSpec(vm(disks, null, List.of(new HvSocketSpec(guid, "x".repeat(65)))))))
        .containsExactly("virtualMachine.hvSockets[0].name");
    assertThat(fields(vmSpec(vm(disks, null, List.of(new HvSocketSpec(guid, "a\nb"))))))
        .containsExactly("virtualMachine.hvSockets[0].name");
  }

  @Test
  void containerNeedsOneToHundredTwentySevenLayersAndACommand() {
    assertThat(fields(containerSpec(container(List.of(), "run"))))
        .containsExactly("container.layers");
    List<String> tooMany = IntStream.range(0, 128).mapToObj(i -> image("l" + i)).toList();
    assertThat(fields(containerSpec(container(tooMany, "run"))))
        .containsExactly("container.layers");
    assertThat(fields(containerSpec(container(List.of(image("base")), ""))))
        .containsExactly("container.command");
    assertThat(fields(containerSpec(container(List.of(image("base")), null))))
        .containsExactly("container.command");
    assertThat(fields(containerSpec(container(List.of(image("base")), "x".repeat(32768)))))
        .containsExactly("container.command");
    assertThat(fields(containerSpec(container(List.of(image("base")), "x".repeat(32767)))))
        .isEmpty();
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    DefinitionSpec bad =
        SpecBuilder.bare("Bad!", Kind.VirtualMachine)
            .maxRestarts(-1)
            .shutdownTimeout(4000)
            .virtualMachine(0, 1L, sized("a", 0))
            .build();
    assertThat(fields(bad))
        .containsExactlyInAnyOrder(
            "name",
            "maxRestarts",
            "shutdownTimeoutSeconds",
            "virtualMachine.processors",
            "virtualMachine.memoryMB",
            "virtualMachine.disks[0].sizeGB");
  }

  private List<String> networkErrors(Network network, Network... others) {
    return networkMessages(validator, network, List.of(others));
  }

  private static Network nat(String name, String subnet, String gateway) {
    return new Network(name, Network.NetworkType.NAT, subnet, gateway);
  }

  @Test
  void declaredNetworksNeedANameTypeAndAConsistentSubnet() {
    assertThatCode(
            () ->
                validator.validateNetwork(
                    nat("nat", "172.30.0.0/24", "172.30.0.1"),
                    List.of(nat("nat", "172.30.0.0/24", "172.30.0.1"))))
        .doesNotThrowAnyException();
    var e =
        catchThrowableOfType(
            DefinitionException.Invalid.class,
            () ->
                validator.validateNetwork(
                    new Network("bad name", null, "300.1.1.0/24", "x"), List.of()));
    assertThat(e.errors())
        .extracting(DefinitionException.FieldError::field)
        .containsExactlyInAnyOrder("name", "type", "subnet", "gateway");
    assertThat(networkErrors(nat("nat", "172.30.0.0/24", "10.0.0.1")))
        .containsExactly("gateway: must lie inside the subnet 172.30.0.0/24");
  }

  @Test
  void subnetIsANetworkAddressAndTheGatewayAHostInsideIt() {
    assertThat(networkErrors(nat("net2", "10.1.2.3/16", "10.1.0.1")))
        .containsExactly(
            "subnet: must be a network address without host bits, such as 10.1.0.0/16");
    assertThat(networkErrors(nat("net2", "10.1.0.0/16", "10.1.0.0")))
        .containsExactly("gateway: must not be the subnet's network or broadcast address");
    assertThat(networkErrors(nat("net2", "10.1.0.0/16", "10.1.255.255")))
        .containsExactly("gateway: must not be the subnet's network or broadcast address");
    assertThat(networkErrors(nat("net2", "10.1.0.0/16", "10.1.255.254"))).isEmpty();
    // A /31 or /32 leaves no room for a gateway and a host.
    assertThat(networkErrors(nat("p2p", "10.9.0.0/31", "10.9.0.0")))
        .containsExactly(
            "subnet: must leave room for a gateway and a host: a prefix of /30 or shorter");
  }

  @Test
  void aNatNetworkNeedsSubnetAndGatewayOthersOnlyASubnetForAGateway() {
    assertThat(networkErrors(nat("nat", null, null)))
        .containsExactly(
            "subnet: is required for a NAT network", "gateway: is required for a NAT network");
    assertThat(networkErrors(nat("nat", "172.30.0.0/24", null)))
        .containsExactly("gateway: is required for a NAT network");
    assertThat(networkErrors(new Network("int", Network.NetworkType.Internal, null, null)))
        .isEmpty();
    assertThat(
            networkErrors(new Network("int", Network.NetworkType.Transparent, "10.2.0.0/24", null)))
        .isEmpty();
    assertThat(networkErrors(new Network("int", Network.NetworkType.Internal, null, "10.2.0.1")))
        .containsExactly("subnet: is required with a gateway");
  }

  @Test
  void aSubnetOverlappingAnotherDeclaredNetworkIsRejected() {
    Network first = nat("nat1", "172.30.0.0/24", "172.30.0.1");
    assertThat(networkErrors(nat("nat2", "172.30.0.0/24", "172.30.0.1"), first))
        .containsExactly("subnet: overlaps the subnet 172.30.0.0/24 of network 'nat1'");
    assertThat(networkErrors(nat("nat2", "172.30.0.0/16", "172.30.1.1"), first))
        .containsExactly("subnet: overlaps the subnet 172.30.0.0/24 of network 'nat1'");
    assertThat(networkErrors(nat("nat2", "172.30.1.0/24", "172.30.1.1"), first)).isEmpty();
    // Replacing a network does not overlap with its own stored version.
    assertThat(networkErrors(nat("nat1", "172.30.0.0/25", "172.30.0.1"), first)).isEmpty();
  }

  @Test
  void everyBrokenNetworkRuleIsReportedAtOnce() {
    assertThat(networkErrors(new Network("net2", null, "10.1.2.3/16", null)))
        .extracting(m -> m.substring(0, m.indexOf(':')))
        .containsExactly("type", "subnet");
    assertThat(
            networkErrors(
                nat("net2", "10.1.0.0/16", "10.2.0.1"), nat("x", "10.0.0.0/8", "10.0.0.1")))
        .extracting(m -> m.substring(0, m.indexOf(':')))
        .containsExactly("subnet", "gateway");
  }

  @Test
  void aFloodOfBrokenEntriesIsCountedNotListedOneByOne() {
    List<DiskSpec> nullDisks = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) {
      nullDisks.add(null);
    }
    DefinitionException.Invalid disks =
        SpecFixture.invalid(() -> validator.validate(vmSpec(vm(nullDisks, null, null)), null));
    assertThat(disks.errors())
        .extracting(f -> f.field() + ": " + f.message())
        .containsExactly("virtualMachine.disks: must hold 1..64 disks");

    Map<String, String> badLabels = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      badLabels.put("!bad " + i, "v");
    }
    DefinitionException.Invalid labels =
        SpecFixture.invalid(
            () -> validator.validate(SpecFixture.withLabels(validVm(), badLabels), null));
    assertThat(labels.errors())
        .extracting(f -> f.field() + ": " + f.message())
        .containsExactly("labels: at most 64 pairs");

    // a list without a bound: the first 100 findings, and how many there were
    List<MappedDirectorySpec> nullMapped = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      nullMapped.add(null);
    }
    DefinitionException.Invalid mapped =
        SpecFixture.invalid(
            () ->
                validator.validate(
                    containerSpec(
                        new ContainerSpec(
                            List.of(image("base")),
                            "run",
                            null,
                            null,
                            null,
                            null,
                            null,
                            nullMapped)),
                    null));
    assertThat(mapped.errors()).hasSize(DefinitionException.Invalid.LISTED);
    assertThat(mapped.errors().get(99).field()).isEqualTo("container.mappedDirectories[99]");
    assertThat(mapped.total()).isEqualTo(5_000);
  }

  @Test
  void everyFindingCountsOnceAndTheAnswerListsTheFirstHundred() {
    Map<String, String> environment = new HashMap<>();
    List<String> layers = new ArrayList<>();
    for (int i = 0; i < 127; i++) {
      layers.add("relative-" + i);
    }
    DefinitionException.Invalid e =
        SpecFixture.invalid(
            () ->
                validator.validate(
                    containerSpec(
                        new ContainerSpec(
                            layers, "run", null, environment, null, null, null, null)),
                    null));
    assertThat(e.errors()).hasSize(100);
    assertThat(e.total()).isEqualTo(127);
    assertThat(e.getMessage()).isEqualTo("The definition breaks 127 rule(s)");
  }
}
