package dev.hcsorchestrator.definition;

import static dev.hcsorchestrator.definition.SpecFixture.SERVICE_ID;
import static dev.hcsorchestrator.definition.SpecFixture.containerSpec;
import static dev.hcsorchestrator.definition.SpecFixture.messages;
import static dev.hcsorchestrator.definition.SpecFixture.networkMessages;
import static dev.hcsorchestrator.definition.SpecFixture.properties;
import static dev.hcsorchestrator.definition.SpecFixture.vmSpec;
import static dev.hcsorchestrator.definition.SpecFixture.withLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules issue 8 added, each at and just past its boundary: resource names, clean strings,
 * Windows environment names and container paths, MAC addresses, real paths, duplicates, socket ids
 * and names, subnets.
 */
class SpecRulesTest {

  @TempDir Path dataDir;
  @TempDir Path imageRoot;
  @TempDir Path outside;

  private DefinitionValidator validator;

  @BeforeEach
  void setUp() {
    validator = SpecFixture.validator(properties(dataDir, List.of(imageRoot)));
  }

  /** A path in the image root, as text: it may hold characters no Path accepts. */
  private String image(String file) {
    return imageRoot + java.io.File.separator + file;
  }

  private static DiskSpec sized(String name) {
    return SpecFixture.sized(name, 1);
  }

  private static DefinitionSpec vm(
      List<DiskSpec> disks, List<NetworkAdapterSpec> adapters, List<HvSocketSpec> sockets) {
    return vmSpec(new VirtualMachineSpec(2, 2048L, disks, adapters, sockets));
  }

  private static DefinitionSpec vm(DiskSpec... disks) {
    return vm(List.of(disks), null, null);
  }

  private DefinitionSpec container(
      List<String> layers,
      String command,
      String workingDirectory,
      Map<String, String> environment,
      List<MappedDirectorySpec> mapped) {
    return containerSpec(
        new ContainerSpec(
            layers, command, workingDirectory, environment, null, null, null, mapped));
  }

  private DefinitionSpec container(String workingDirectory, List<MappedDirectorySpec> mapped) {
    return container(List.of(image("base")), "run", workingDirectory, null, mapped);
  }

  private List<String> errors(DefinitionSpec spec) {
    return messages(validator, spec);
  }

  private List<String> fields(DefinitionSpec spec) {
    return SpecFixture.fields(validator, spec);
  }

  @Test
  void diskAndAdapterNamesFollowTheDefinitionNamePattern() {
    for (String ok : List.of("a", "os", "data-1", "x".repeat(63), "0")) {
      assertThat(fields(vm(sized(ok)))).as(ok).isEmpty();
      assertThat(
              fields(
                  vm(List.of(sized("os")), List.of(new NetworkAdapterSpec(ok, "lan", null)), null)))
          .as(ok)
          .isEmpty();
    }
    for (String bad :
        List.of(
            "x".repeat(64),
            "/etc/passwd",
            "../../escape",
            "..",
            "a/b",
            "a\\b",
            "C:",
            "Os",
            "-a",
            "a-",
            "a.b",
            " a",
            "")) {
      assertThat(fields(vm(sized(bad)))).as(bad).containsExactly("virtualMachine.disks[0].name");
      assertThat(
              fields(
                  vm(
                      List.of(sized("os")),
                      List.of(new NetworkAdapterSpec(bad, "lan", null)),
                      null)))
          .as(bad)
          .containsExactly("virtualMachine.networkAdapters[0].name");
    }
  }

  @Test
  void annotationMessagesShowThePatternAsWritten() {
    assertThat(errors(vm(sized("Os"))))
        .containsExactly(
            "virtualMachine.disks[0].name: must match ^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    DefinitionSpec labelled = withLabels(vm(sized("os")), Map.of("bad key", "v"));
    assertThat(errors(labelled))
        .containsExactly("labels['bad key']: key must match ^[a-zA-Z0-9._/-]{1,63}$");
  }

  @Test
  void socketNamesAreOneToSixtyFourPrintableCharactersWithoutBackslash() {
    DiskSpec os = sized("os");
    assertThat(fields(vm(List.of(os), null, List.of(new HvSocketSpec(SERVICE_ID, "x".repeat(64))))))
        .isEmpty();
    assertThat(fields(vm(List.of(os), null, List.of(new HvSocketSpec(SERVICE_ID, "Agent (v2) ü")))))
        .isEmpty();
    for (String bad : List.of("x".repeat(65), "", "a\\b", "a\tb", "a\u0000b", "a\u007fb")) {
      assertThat(fields(vm(List.of(os), null, List.of(new HvSocketSpec(SERVICE_ID, bad)))))
          .as(bad)
          .contains("virtualMachine.hvSockets[0].name");
    }
  }

  @Test
  void serviceIdsAreGuidsBracedOrNotAndStoredLowerCaseWithoutBraces() {
    DiskSpec os = sized("os");
    for (String ok :
        List.of(
            SERVICE_ID,
            SERVICE_ID.toUpperCase(),
            "{" + SERVICE_ID + "}",
            "{" + SERVICE_ID.toUpperCase() + "}")) {
      assertThat(fields(vm(List.of(os), null, List.of(new HvSocketSpec(ok, "a")))))
          .as(ok)
          .isEmpty();
      DefinitionSpec stored =
          SpecDefaults.apply(vm(List.of(os), null, List.of(new HvSocketSpec(ok, "a"))));
      assertThat(stored.virtualMachine().hvSockets().get(0).serviceId()).isEqualTo(SERVICE_ID);
    }
    for (String bad :
        List.of(
            "{" + SERVICE_ID,
            SERVICE_ID + "}",
            SERVICE_ID.substring(1),
            SERVICE_ID + "0",
            "g" + SERVICE_ID.substring(1))) {
      assertThat(fields(vm(List.of(os), null, List.of(new HvSocketSpec(bad, "a")))))
          .as(bad)
          .containsExactly("virtualMachine.hvSockets[0].serviceId");
    }
  }

  @Test
  void noStringAnywhereMayHoldNulAnUnpairedSurrogateOrABidiControl() {
    List<String> bad =
        List.of(
            "a\u0000b",
            "a\uD800b",
            "a\uDC00",
            "\uD83D",
            "x\u202Ey",
            "\u061C",
            "\u200E",
            "\u200F",
            "\u202A",
            "\u2066",
            "\u2069");
    for (String b : bad) {
      Map<String, String> labels = Map.of("tier", "web" + b);
      DefinitionSpec labelled = withLabels(vm(sized("os")), labels);
      assertThat(fields(labelled)).as(b).containsExactly("labels['tier']");
      assertThat(fields(vm(new DiskSpec("os", null, null, image("a" + b + ".vhdx"), null, null))))
          .as(b)
          .containsExactly("virtualMachine.disks[0].path");
      assertThat(
              fields(
                  vm(
                      List.of(sized("os")),
                      List.of(new NetworkAdapterSpec("n", "lan" + b, null)),
                      null)))
          .as(b)
          .contains("virtualMachine.networkAdapters[0].network");
      assertThat(fields(container(List.of(image("base")), "run " + b, null, null, null)))
          .as(b)
          .containsExactly("container.command");
      assertThat(fields(container(List.of(image("base")), "run", "C:\\w" + b, null, null)))
          .as(b)
          .contains("container.workingDirectory");
      assertThat(fields(container(List.of(image("base" + b)), "run", null, null, null)))
          .as(b)
          .containsExactly("container.layers[0]");
      assertThat(
              fields(container(List.of(image("base")), "run", null, Map.of("MODE", "p" + b), null)))
          .as(b)
          .containsExactly("container.environment['MODE']");
      assertThat(
              fields(
                  container(null, List.of(new MappedDirectorySpec(image("d"), "C:\\d" + b, null)))))
          .as(b)
          .contains("container.mappedDirectories[0].containerPath");
    }
    // keys too, shown escaped in the field path so that the answer itself stays clean
    Map<String, String> labels = Map.of("a\u202Eb", "v");
    DefinitionSpec keyed = withLabels(vm(sized("os")), labels);
    assertThat(errors(keyed))
        .contains(
            "labels['a\\\\u202Eb']: key must not contain the bidirectional control character U+202E (at index 1)");
    assertThat(fields(container(List.of(image("base")), "run", null, Map.of("A\u0000", "v"), null)))
        .contains("container.environment['A\\\\u0000']");
    // a pair is not unpaired: emoji and other supplementary characters are fine
    assertThat(fields(container(List.of(image("base")), "run \uD83D\uDE00", null, null, null)))
        .isEmpty();
  }

  @Test
  void environmentNamesFollowWindows() {
    assertThat(fields(container(List.of(image("base")), "run", null, Map.of("A_B", ""), null)))
        .isEmpty();
    for (String bad : List.of("", "A=B", "=C:")) {
      assertThat(fields(container(List.of(image("base")), "run", null, Map.of(bad, "v"), null)))
          .as(bad)
          .containsExactly("container.environment");
    }
    String big = "v".repeat(32767 - 2);
    assertThat(fields(container(List.of(image("base")), "run", null, Map.of("K", big), null)))
        .isEmpty();
    assertThat(fields(container(List.of(image("base")), "run", null, Map.of("K", big + "v"), null)))
        .containsExactly("container.environment['K']");
  }

  @Test
  void containerPathsAreAbsoluteWindowsPathsMappedOnce() {
    for (String ok : List.of("C:\\", "c:\\work", "D:\\a\\b\\", "C:\\a b\\c.d")) {
      assertThat(fields(container(ok, null))).as(ok).isEmpty();
    }
    for (String bad :
        List.of(
            "/work",
            "work",
            "C:",
            "C:work",
            "C:\\a\\..\\b",
            "C:\\a\\.\\b",
            "C:\\a\\\\b",
            "C:\\a:b",
            "C:\\a?",
            "\\\\server\\share")) {
      assertThat(fields(container(bad, null)))
          .as(bad)
          .containsExactly("container.workingDirectory");
    }
    assertThat(fields(container(null, List.of(new MappedDirectorySpec(image("d"), "C:\\", null)))))
        .containsExactly("container.mappedDirectories[0].containerPath");
    assertThat(
            errors(
                container(
                    null,
                    List.of(
                        new MappedDirectorySpec(image("d"), "C:\\Data", null),
                        new MappedDirectorySpec(image("e"), "c:\\data\\", null)))))
        .containsExactly(
            "container.mappedDirectories[1].containerPath: is mapped twice (also by container.mappedDirectories[0])");
  }

  @Test
  void macAddressesAreUnicastNotZeroAndUnique() {
    List<DiskSpec> os = List.of(sized("os"));
    assertThat(
            fields(vm(os, List.of(new NetworkAdapterSpec("n", "lan", "00-15-5D-01-02-03")), null)))
        .isEmpty();
    assertThat(
            fields(vm(os, List.of(new NetworkAdapterSpec("n", "lan", "02-00-00-00-00-01")), null)))
        .isEmpty();
    for (String bad :
        List.of(
            "01-00-5E-00-00-01", "FF-FF-FF-FF-FF-FF", "00-00-00-00-00-00", "03-15-5D-01-02-03")) {
      assertThat(fields(vm(os, List.of(new NetworkAdapterSpec("n", "lan", bad)), null)))
          .as(bad)
          .containsExactly("virtualMachine.networkAdapters[0].macAddress");
    }
    assertThat(
            fields(
                vm(
                    os,
                    List.of(
                        new NetworkAdapterSpec("a", "lan", "00-15-5D-01-02-03"),
                        new NetworkAdapterSpec("b", "lan", "00-15-5D-01-02-03")),
                    null)))
        .containsExactly("virtualMachine.networkAdapters[1].macAddress");
  }

  @Test
  void diskFilesHaveTheExtensionOfTheirKindAndAreAttachedOnce() {
    assertThat(fields(vm(new DiskSpec("os", image("p.VHD"), null, null, null, null)))).isEmpty();
    assertThat(fields(vm(new DiskSpec("os", image("p.iso"), null, null, null, null))))
        .containsExactly("virtualMachine.disks[0].parent");
    assertThat(fields(vm(new DiskSpec("os", null, null, null, image("tools.vhdx"), null))))
        .containsExactly("virtualMachine.disks[0].iso");
    assertThat(fields(vm(new DiskSpec("os", null, null, null, image("tools.iso"), false))))
        .containsExactly("virtualMachine.disks[0].readOnly");
    assertThat(
            errors(
                vm(
                    new DiskSpec("a", null, null, image("d.vhdx"), null, null),
                    new DiskSpec(
                        "b", null, null, image("x/../d.vhdx").replace("x/../", ""), null, true))))
        .containsExactly(
            "virtualMachine.disks[1].path: names the same file as virtualMachine.disks[0].path");
    // two differencing disks over one parent are fine
    assertThat(
            fields(
                vm(
                    new DiskSpec("a", image("base.vhdx"), null, null, null, null),
                    new DiskSpec("b", image("base.vhdx"), null, null, null, null))))
        .isEmpty();
  }

  @Test
  void layersAreNamedOnce() {
    assertThat(
            errors(
                container(
                    List.of(image("app"), image("base"), image("app")), "run", null, null, null)))
        .containsExactly("container.layers[2]: names the same folder as container.layers[0]");
  }

  @Test
  void aLinkOutOfEveryAllowedRootIsRefusedByItsRealPath() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.vhdx"), "x");
    Files.createSymbolicLink(imageRoot.resolve("link.vhdx"), secret);
    Files.createSymbolicLink(imageRoot.resolve("dir"), outside);
    Files.createDirectories(imageRoot.resolve("real"));
    Files.writeString(imageRoot.resolve("real/inside.vhdx"), "x");
    Files.createSymbolicLink(
        imageRoot.resolve("inside.vhdx"), imageRoot.resolve("real/inside.vhdx"));
    Files.createSymbolicLink(imageRoot.resolve("dangling.vhdx"), outside.resolve("missing.vhdx"));

    assertThat(errors(vm(new DiskSpec("os", null, null, image("link.vhdx"), null, null))))
        .containsExactly(
            "virtualMachine.disks[0].path: leads outside hcs.storage.root and hcs.storage.image-roots"
                + " through a link");
    // where it leads is nowhere in the answer
    assertThat(errors(vm(new DiskSpec("os", null, null, image("link.vhdx"), null, null))))
        .noneMatch(m -> m.contains(outside.getFileName().toString()));
    // a folder link, and a file below it that does not exist yet
    assertThat(fields(vm(new DiskSpec("os", image("dir/new.vhdx"), null, null, null, null))))
        .containsExactly("virtualMachine.disks[0].parent");
    assertThat(fields(container(List.of(image("dir")), "run", null, null, null)))
        .containsExactly("container.layers[0]");
    assertThat(
            fields(
                container(null, List.of(new MappedDirectorySpec(image("dir/sub"), "C:\\d", null)))))
        .containsExactly("container.mappedDirectories[0].hostPath");
    assertThat(fields(vm(new DiskSpec("os", null, null, image("dangling.vhdx"), null, null))))
        .containsExactly("virtualMachine.disks[0].path");
    // a link that stays inside the roots is fine
    assertThat(fields(vm(new DiskSpec("os", null, null, image("inside.vhdx"), null, null))))
        .isEmpty();
  }

  @Test
  void aLinkedImageRootCountsByItsRealLocation() throws IOException {
    Path realRoot = Files.createDirectories(outside.resolve("images"));
    Path linkedRoot = dataDir.resolve("linked-images");
    Files.createSymbolicLink(linkedRoot, realRoot);
    DefinitionValidator linked = SpecFixture.validator(properties(dataDir, List.of(linkedRoot)));
    DefinitionSpec spec =
        vm(new DiskSpec("os", linkedRoot.resolve("ws.vhdx").toString(), null, null, null, null));
    var e =
        catchThrowableOfType(DefinitionException.Invalid.class, () -> linked.validate(spec, null));
    assertThat(e).isNull();
  }

  @Test
  void ownerPathsStayOutOfEveryDefinitionsOwnFolder() {
    Path storage = dataDir.resolve("storage");
    String other = storage.resolve(UUID.randomUUID().toString()).resolve("os.vhdx").toString();
    assertThat(errors(vm(new DiskSpec("os", null, null, other, null, null))))
        .containsExactly(
            "virtualMachine.disks[0].path: must not lie in a definition's own folder under hcs.storage.root");
    assertThat(
            fields(
                container(
                    List.of(storage.resolve(UUID.randomUUID().toString()).toString()),
                    "run",
                    null,
                    null,
                    null)))
        .containsExactly("container.layers[0]");
    assertThat(
            fields(
                vm(
                    new DiskSpec(
                        "os",
                        null,
                        null,
                        storage.resolve("shared/os.vhdx").toString(),
                        null,
                        null))))
        .isEmpty();
  }

  @Test
  void theDataDirectoryIsNoOwnersEvenUnderAnImageRootAroundIt() throws IOException {
    Path data = Files.createDirectories(imageRoot.resolve("data"));
    DefinitionValidator around = SpecFixture.validator(properties(data, List.of(imageRoot)));
    DefinitionSpec token =
        vm(
            new DiskSpec(
                "os", null, null, null, data.resolve("operator.token.iso").toString(), null));
    var e =
        catchThrowableOfType(DefinitionException.Invalid.class, () -> around.validate(token, null));
    assertThat(e.errors())
        .extracting(f -> f.field() + ": " + f.message())
        .containsExactly(
            "virtualMachine.disks[0].iso: must not lie in hcs.data-dir outside hcs.storage.root");
    DefinitionSpec stored =
        vm(
            new DiskSpec(
                "os", null, null, data.resolve("storage/shared.vhdx").toString(), null, null));
    assertThat(catchThrowableOfType(RuntimeException.class, () -> around.validate(stored, null)))
        .isNull();
  }

  /**
   * The checks of {@code spec} as definition {@code name}, then its claims against {@code others}.
   */
  private void claim(DiskClaims claims, String name, DefinitionSpec spec) {
    claims.requireFree(name, validator.validate(spec, null).uses());
  }

  private static DiskClaims storedAs(String name, DefinitionSpec spec) {
    return new DiskClaims(() -> List.of(new StoredSpecs.Named(name, spec)), n -> true);
  }

  @Test
  void aWritableDiskBelongsToOneDefinitionReadOnlyUsesShare() throws IOException {
    String disk = image("shared.vhdx");
    Files.writeString(Path.of(disk), "x");
    Files.createSymbolicLink(imageRoot.resolve("alias.vhdx"), Path.of(disk));
    DiskClaims claimed = storedAs("first", vm(new DiskSpec("os", null, null, disk, null, false)));

    var conflict =
        catchThrowableOfType(
            DefinitionException.Conflict.class,
            () ->
                claim(
                    claimed,
                    "web-01",
                    vm(new DiskSpec("os", null, null, image("alias.vhdx"), null, null))));
    assertThat(conflict.getMessage()).contains("'first'").contains("virtualMachine.disks[0].path");
    // read-only, as a parent or as an ISO: still the first's writable disk
    assertThat(
            catchThrowableOfType(
                DefinitionException.Conflict.class,
                () ->
                    claim(claimed, "web-01", vm(new DiskSpec("os", null, null, disk, null, true)))))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                DefinitionException.Conflict.class,
                () ->
                    claim(claimed, "web-01", vm(new DiskSpec("os", disk, null, null, null, null)))))
        .isNotNull();
    // the definition itself may keep its disk
    assertThat(
            catchThrowableOfType(
                RuntimeException.class,
                () ->
                    claim(claimed, "first", vm(new DiskSpec("os", null, null, disk, null, null)))))
        .isNull();

    // read-only uses share a file
    String iso = image("tools.iso");
    DiskClaims reading =
        storedAs(
            "first",
            vm(
                new DiskSpec("os", null, null, disk, null, true),
                new DiskSpec("dvd", null, null, null, iso, null)));
    assertThat(
            catchThrowableOfType(
                RuntimeException.class,
                () ->
                    claim(
                        reading,
                        "web-01",
                        vm(
                            new DiskSpec("os", null, null, disk, null, true),
                            new DiskSpec("dvd", null, null, null, iso, null)))))
        .isNull();
    // but a writable attach of what another reads is refused
    assertThat(
            catchThrowableOfType(
                DefinitionException.Conflict.class,
                () ->
                    claim(reading, "web-01", vm(new DiskSpec("os", null, null, disk, null, null)))))
        .hasMessageContaining("'first'");
  }

  @Test
  void aHardLinkToAClaimedDiskIsTheSameDiskAndTheAnswerKeepsToTheOwnersPath() throws IOException {
    String disk = image("shared.vhdx");
    Files.writeString(Path.of(disk), "x");
    Path hardLink = Files.createLink(imageRoot.resolve("hard.vhdx"), Path.of(disk));
    DiskClaims claimed = storedAs("first", vm(new DiskSpec("os", null, null, disk, null, false)));

    var conflict =
        catchThrowableOfType(
            DefinitionException.Conflict.class,
            () ->
                claim(
                    claimed,
                    "web-01",
                    vm(new DiskSpec("os", null, null, hardLink.toString(), null, null))));

    assertThat(conflict)
        .hasMessage(
            "virtualMachine.disks[0].path: "
                + hardLink
                + " is attached writable by definition 'first'; a writable disk belongs to one"
                + " definition only");
    // one VM naming one file twice, by two of its names
    assertThat(
            errors(
                vm(
                    new DiskSpec("a", null, null, disk, null, null),
                    new DiskSpec("b", null, null, hardLink.toString(), null, true))))
        .containsExactly(
            "virtualMachine.disks[1].path: names the same file as virtualMachine.disks[0].path");
  }

  @Test
  void aClaimOfADefinitionRemovedSinceIsDroppedAndALaterWriteMovesTheClaim() throws IOException {
    String disk = image("shared.vhdx");
    Files.writeString(Path.of(disk), "x");
    java.util.Set<String> stored = new java.util.HashSet<>(List.of("first"));
    DiskClaims claims =
        new DiskClaims(
            () ->
                List.of(
                    new StoredSpecs.Named(
                        "first", vm(new DiskSpec("os", null, null, disk, null, null)))),
            stored::contains);
    DefinitionSpec second = vm(new DiskSpec("os", null, null, disk, null, null));

    assertThat(
            catchThrowableOfType(
                DefinitionException.Conflict.class, () -> claim(claims, "second", second)))
        .isNotNull();
    stored.remove("first"); // the reconciler removed it
    claim(claims, "second", second);
    claims.record("second", validator.validate(second, null).uses());
    stored.add("second");

    assertThat(
            catchThrowableOfType(
                DefinitionException.Conflict.class,
                () -> claim(claims, "third", vm(new DiskSpec("os", null, null, disk, null, null)))))
        .hasMessageContaining("'second'");
  }

  @Test
  void aMappedFolderIsNeverTheStorageRootTheDataDirectoryNorAroundOrInsideThem()
      throws IOException {
    Path data = Files.createDirectories(imageRoot.resolve("data"));
    Path storage = Files.createDirectories(data.resolve("storage"));
    Files.createDirectories(storage.resolve("shared"));
    DefinitionValidator around = SpecFixture.validator(properties(data, List.of(imageRoot)));
    for (Path hostPath :
        List.of(storage, storage.resolve("shared"), data, data.resolve("sim"), imageRoot)) {
      DefinitionSpec mapped =
          container(
              List.of(image("base")),
              "run",
              null,
              null,
              List.of(new MappedDirectorySpec(hostPath.toString(), "C:\\data", false)));
      assertThat(SpecFixture.fields(around, mapped))
          .as(hostPath.toString())
          .containsExactly("container.mappedDirectories[0].hostPath");
    }
    Path beside = Files.createDirectories(imageRoot.resolve("shared-data"));
    assertThat(
            SpecFixture.fields(
                around,
                container(
                    List.of(image("base")),
                    "run",
                    null,
                    null,
                    List.of(new MappedDirectorySpec(beside.toString(), "C:\\data", false)))))
        .isEmpty();
  }

  private List<String> networkErrors(String subnet, String gateway) {
    return networkMessages(
        validator, new Network("net", Network.NetworkType.NAT, subnet, gateway), List.of());
  }

  @Test
  void aSubnetLeavesRoomForAGatewayAndAHostAndIsWrittenCanonically() {
    assertThat(networkErrors("10.9.0.0/30", "10.9.0.1")).isEmpty();
    assertThat(networkErrors("10.0.0.0/8", "10.0.0.1")).isEmpty();
    for (String bad : List.of("10.9.0.0/31", "10.9.0.1/32")) {
      assertThat(networkErrors(bad, "10.9.0.1"))
          .as(bad)
          .containsExactly(
              "subnet: must leave room for a gateway and a host: a prefix of /30 or shorter");
    }
    for (String bad :
        List.of(
            "10.1.0.0/016",
            "10.1.0.0/+16",
            "10.1.0.0/ 16",
            "010.1.0.0/16",
            "10.1.0.0/33",
            "10.1.0.0/")) {
      assertThat(networkErrors(bad, "10.1.0.1"))
          .as(bad)
          .containsExactly(
              "subnet: must be an IPv4 CIDR such as 172.30.0.0/24, without leading zeros");
    }
    assertThat(networkErrors("10.1.0.0/16", "10.1.0.01"))
        .containsExactly("gateway: must be an IPv4 address");
  }
}
