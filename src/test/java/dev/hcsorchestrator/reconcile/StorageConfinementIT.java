package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8's storage confinement through HTTP only, on the simulated host: names and links cannot
 * lead the service outside its roots, a link changed after submit fails the definition, a writable
 * disk belongs to one definition, and files outside the storage root survive create and delete.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.host.mode=simulated",
      "hcs.reconcile.resync-interval=1s",
      "hcs.restart.backoff.initial=1s",
      "hcs.restart.backoff.max=2s",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=confinement-it-token"
    })
class StorageConfinementIT {

  static final Duration CONVERGE = Duration.ofSeconds(15);
  static Path base;

  @DynamicPropertySource
  static void dirs(DynamicPropertyRegistry registry) throws IOException {
    Files.createDirectories(Path.of("target"));
    base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "confinement-it-");
    Files.createDirectories(base.resolve("images"));
    Files.createDirectories(base.resolve("outside"));
    registry.add("hcs.data-dir", () -> base.resolve("data").toString());
    registry.add("hcs.storage.image-roots[0]", () -> base.resolve("images").toString());
  }

  @LocalServerPort int port;
  Api api;

  @BeforeEach
  void client() {
    api = new Api("http://127.0.0.1:" + port, "confinement-it-token");
  }

  static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Path images() {
    return base.resolve("images");
  }

  static Path outside() {
    return base.resolve("outside");
  }

  /** A JSON string literal of a path. */
  static String q(Object path) {
    return "\"" + path.toString().replace("\\", "\\\\") + "\"";
  }

  static String vm(String name, String desired, String disks) {
    return """
        {"name":"%s","kind":"VirtualMachine","desiredState":"%s","shutdownTimeoutSeconds":1,
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[%s]}}"""
        .formatted(name, desired, disks);
  }

  List<String> errorFields(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.json().get("errors").findValuesAsString("field");
  }

  JsonNode status(String name) {
    Api.Response r = api.get("/api/v1/definitions/" + name);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("status");
  }

  void awaitPhase(String name, String phase) {
    await().atMost(CONVERGE).until(() -> phase.equals(status(name).get("phase").asString()));
  }

  @Test
  void aDiskNameThatIsAPathIsA400OnThatField() {
    for (String bad : List.of("/etc/cron.d/x", "../../../escape", "..", "a/b", "C:\\\\x")) {
      Api.Response r =
          api.post(
              "/api/v1/definitions",
              vm(name("named"), "Running", "{\"name\":\"" + bad + "\",\"sizeGB\":1}"));
      assertThat(errorFields(r)).as(bad).containsExactly("virtualMachine.disks[0].name");
    }
    assertThat(
            errorFields(
                api.post(
                    "/api/v1/definitions",
                    """
                    {"name":"nic-name","kind":"VirtualMachine","virtualMachine":{"processors":1,
                     "memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
                     "networkAdapters":[{"name":"../nic","network":"nat"}]}}""")))
        .containsExactly("virtualMachine.networkAdapters[0].name");
  }

  @Test
  void aLinkOutOfTheImageRootIsA400OnItsField() throws IOException {
    Path secret = Files.writeString(outside().resolve("secret-1.vhdx"), "secret");
    Path link = Files.createSymbolicLink(images().resolve("escape-1.vhdx"), secret);
    Path folderLink = Files.createSymbolicLink(images().resolve("escape-dir"), outside());
    Api.Response r =
        api.post(
            "/api/v1/definitions",
            vm(
                name("linked"),
                "Running",
                "{\"name\":\"os\",\"parent\":"
                    + q(link)
                    + "},{\"name\":\"data\",\"path\":"
                    + q(folderLink.resolve("new.vhdx"))
                    + "},{\"name\":\"dvd\",\"iso\":"
                    + q(folderLink.resolve("tools.iso"))
                    + "}"));
    assertThat(errorFields(r))
        .containsExactlyInAnyOrder(
            "virtualMachine.disks[0].parent",
            "virtualMachine.disks[1].path",
            "virtualMachine.disks[2].iso");
    assertThat(r.body()).contains("through a link");
  }

  @Test
  void aLinkChangedAfterSubmitFailsTheDefinitionWithAMessageNamingThePath() throws IOException {
    Path disk = Files.writeString(images().resolve("os-2.vhdx"), "disk");
    Path secret = Files.writeString(outside().resolve("secret-2.vhdx"), "secret");
    Path link = Files.createSymbolicLink(images().resolve("link-2.vhdx"), disk);
    String name = name("relinked");
    Api.Response created =
        api.post(
            "/api/v1/definitions",
            vm(name, "Stopped", "{\"name\":\"os\",\"path\":" + q(link) + ",\"readOnly\":true}"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    awaitPhase(name, "Stopped");

    Files.delete(link);
    Files.createSymbolicLink(link, secret);
    assertThat(api.post("/api/v1/definitions/" + name + "/start", null).status()).isEqualTo(202);

    awaitPhase(name, "Failed");
    assertThat(status(name).get("message").asString()).contains(link.toString());
    assertThat(secret).hasContent("secret");
  }

  @Test
  void aWritableDiskNamedByPathBelongsToOneDefinitionReadOnlyUsesShare() throws IOException {
    Path disk = Files.writeString(images().resolve("owned-3.vhdx"), "disk");
    Path alias = Files.createSymbolicLink(images().resolve("alias-3.vhdx"), disk);
    String first = name("owner");
    assertThat(
            api.post(
                    "/api/v1/definitions",
                    vm(first, "Stopped", "{\"name\":\"os\",\"path\":" + q(disk) + "}"))
                .status())
        .isEqualTo(201);
    for (String readOnly : List.of("false", "true")) {
      Api.Response second =
          api.post(
              "/api/v1/definitions",
              vm(
                  name("thief"),
                  "Stopped",
                  "{\"name\":\"os\",\"path\":" + q(alias) + ",\"readOnly\":" + readOnly + "}"));
      assertThat(second.status()).as(second.body()).isEqualTo(409);
      assertThat(second.json().get("detail").asString()).contains("'" + first + "'");
    }

    Path shared = Files.writeString(images().resolve("shared-3.vhdx"), "disk");
    Path iso = Files.writeString(images().resolve("tools-3.iso"), "iso");
    String disks =
        "{\"name\":\"os\",\"path\":"
            + q(shared)
            + ",\"readOnly\":true},"
            + "{\"name\":\"dvd\",\"iso\":"
            + q(iso)
            + "}";
    assertThat(api.post("/api/v1/definitions", vm(name("reader"), "Stopped", disks)).status())
        .isEqualTo(201);
    assertThat(api.post("/api/v1/definitions", vm(name("reader"), "Stopped", disks)).status())
        .isEqualTo(201);
  }

  @Test
  void filesOutsideTheStorageRootSurviveCreateReplaceAndDelete() throws Exception {
    // a parent image the host takes for one: it starts with the VHDX signature
    Path parent = Files.writeString(images().resolve("base-4.vhdx"), "vhdxfile parent");
    Path attached = Files.writeString(images().resolve("data-4.vhdx"), "attached");
    Path iso = Files.writeString(images().resolve("tools-4.iso"), "iso");
    Path layer = Files.createDirectories(images().resolve("layer-4"));
    Path marker = Files.writeString(outside().resolve("marker-4"), "marker");
    String name = name("survivor");
    String disks =
        "{\"name\":\"os\",\"parent\":"
            + q(parent)
            + "},{\"name\":\"scratch\",\"sizeGB\":1},"
            + "{\"name\":\"data\",\"path\":"
            + q(attached)
            + "},{\"name\":\"dvd\",\"iso\":"
            + q(iso)
            + "}";
    assertThat(api.post("/api/v1/definitions", vm(name, "Running", disks)).status()).isEqualTo(201);
    awaitPhase(name, "Running");
    String replaced =
        "{\"name\":\"os2\",\"parent\":"
            + q(parent)
            + "},{\"name\":\"data\",\"path\":"
            + q(attached)
            + "}";
    assertThat(api.put("/api/v1/definitions/" + name, vm(name, "Running", replaced)).status())
        .isEqualTo(200);
    awaitPhase(name, "Running");
    assertThat(api.delete("/api/v1/definitions/" + name).status()).isEqualTo(202);
    await().atMost(CONVERGE).until(() -> api.get("/api/v1/definitions/" + name).status() == 404);

    assertThat(parent).hasContent("vhdxfile parent");
    assertThat(attached).hasContent("attached");
    assertThat(iso).hasContent("iso");
    assertThat(layer).isDirectory();
    assertThat(marker).hasContent("marker");
    // (A disk dropped by the PUT stays in the definition's own folder until the reconciler
    // records what it made: issue 8, point 1, second half.)
  }

  @Test
  void uncleanStringsAreRefusedInEveryFieldKindAtOnce() {
    String body =
        """
        {"name":"unclean","kind":"Container",
         "labels":{"tier":"web\\u0000","ke\\u202ey":"v"},
         "container":{"layers":["%s/l\\u0000"],"command":"cmd \\ud800","workingDirectory":"C:\\\\w\\u200f",
           "environment":{"MODE":"a\\udc00","A\\u2066":"v","A=B":"v"},
           "mappedDirectories":[{"hostPath":"%s/d\\u202e","containerPath":"C:\\\\d\\u061c"}],
           "networkAdapters":[{"name":"eth0","network":"nat\\u202a"}]}}"""
            .formatted(images(), images());
    Api.Response r = api.post("/api/v1/definitions", body);
    assertThat(errorFields(r))
        .contains(
            "labels['tier']",
            "labels['ke\\\\u202Ey']",
            "container.layers[0]",
            "container.command",
            "container.workingDirectory",
            "container.environment['MODE']",
            "container.environment['A\\\\u2066']",
            "container.environment",
            "container.mappedDirectories[0].hostPath",
            "container.mappedDirectories[0].containerPath",
            "container.networkAdapters[0].network");
    assertThat(r.body()).doesNotContain("\u202e").doesNotContain("\u0000");
    assertThat(api.get("/api/v1/definitions/unclean").status()).isEqualTo(404);
  }

  @Test
  void aServiceIdIsStoredInItsCanonicalForm() {
    String name = name("socket");
    String body =
        """
        {"name":"%s","kind":"VirtualMachine","desiredState":"Stopped",
         "virtualMachine":{"processors":1,"memoryMB":512,"disks":[{"name":"os","sizeGB":1}],
           "hvSockets":[{"serviceId":"{6C4EB1BE-40F8-4F8E-A1B4-3A4A6F1B8A11}","name":"agent"}]}}"""
            .formatted(name);
    Api.Response r = api.post("/api/v1/definitions", body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().at("/virtualMachine/hvSockets/0/serviceId").asString())
        .isEqualTo("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11");
    assertThat(
            api.get("/api/v1/definitions/" + name)
                .json()
                .at("/virtualMachine/hvSockets/0/serviceId")
                .asString())
        .isEqualTo("6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11");
  }

  @Test
  void natSubnetsWithoutRoomForAHostAndNonCanonicalPrefixesAreRefused() {
    for (String subnet :
        List.of("10.77.0.0/31", "10.77.0.1/32", "10.77.0.0/016", "010.77.0.0/16")) {
      Api.Response r =
          api.put(
              "/api/v1/networks/slim",
              "{\"type\":\"NAT\",\"subnet\":\"" + subnet + "\",\"gateway\":\"10.77.0.1\"}");
      assertThat(errorFields(r)).as(subnet).contains("subnet");
    }
    Api.Response ok =
        api.put(
            "/api/v1/networks/slim",
            "{\"type\":\"NAT\",\"subnet\":\"10.77.0.0/30\",\"gateway\":\"10.77.0.1\"}");
    assertThat(ok.status()).as(ok.body()).isIn(200, 201);
    assertThat(api.get("/api/v1/networks/slim").json().get("subnet").asString())
        .isEqualTo("10.77.0.0/30");
    assertThat(api.delete("/api/v1/networks/slim").status()).isEqualTo(204);
  }
}
