package dev.hcsorchestrator.fleet;

import static dev.hcsorchestrator.fleet.FleetNode.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionStore;
import dev.hcsorchestrator.definition.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The default fleet: one host on the embedded H2, through the same code path as a fleet of many.
 * Its capacity is configured small (4 processors, 8 GB) so that the limits are reachable.
 */
class FleetOfOneIT {

  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static FleetNode node;

  @BeforeAll
  static void start() throws Exception {
    node =
        FleetNode.start(
            "solo-01",
            List.of(
                "--hcs.fleet.capacity.processors=4",
                "--hcs.fleet.capacity.memory-mb=8192",
                "--hcs.fleet.labels.rack=a"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theHostRegistersWithItsLabelsCapacityAndALease() {
    FleetNode.Response r = node.get("/api/v1/hosts");
    assertThat(r.status()).isEqualTo(200);
    JsonNode host = r.json().get(0);
    assertThat(host.get("name").asString()).isEqualTo("solo-01");
    assertThat(host.get("state").asString()).isEqualTo("Ready");
    assertThat(host.get("labels").get("rack").asString()).isEqualTo("a");
    assertThat(host.get("capacity").get("processors").asLong()).isEqualTo(4);
    assertThat(host.get("capacity").get("memoryMB").asLong()).isEqualTo(8192);
    assertThat(host.get("leaseExpiresAt").asString()).isNotBlank();
    assertThat(node.get("/api/v1/hosts/solo-01").json().get("name").asString())
        .isEqualTo("solo-01");
    assertThat(node.get("/api/v1/hosts/nowhere").status()).isEqualTo(404);
  }

  @Test
  void aDefinitionThatFitsIsScheduledHereAndRuns() {
    assertThat(node.post("/api/v1/definitions", vm("fits", 1, 1024, "")).status()).isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .until(() -> "Running".equals(node.status("fits").get("phase").asString()));
    assertThat(node.status("fits").get("host").asString()).isEqualTo("solo-01");
    JsonNode events = node.get("/api/v1/definitions/fits/events").json();
    assertThat(events.findValuesAsString("type")).containsOnlyOnce("Scheduled");
  }

  @Test
  void aVmLargerThanTheHostStaysPendingAndSaysWhy() {
    // the largest VM the API accepts: 240 processors and 12 TB
    assertThat(node.post("/api/v1/definitions", vm("giant", 240, 12582912, "")).status())
        .isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .until(() -> node.status("giant").get("message").asString("").contains("fits on no host"));
    JsonNode status = node.status("giant");
    assertThat(status.get("phase").asString()).isEqualTo("Pending");
    assertThat(status.get("host").isNull()).isTrue();
    assertThat(status.get("message").asString()).contains("240 processors", "12582912 MB");
    assertThat(node.get("/api/v1/compute-systems").body()).doesNotContain("giant");
  }

  @Test
  void placementOnAnotherHostOrMissingLabelsWaits() {
    node.post(
        "/api/v1/definitions", vm("elsewhere", 1, 512, ",\"placement\":{\"host\":\"hv-99\"}"));
    node.post(
        "/api/v1/definitions",
        vm("labelled", 1, 512, ",\"placement\":{\"hostLabels\":{\"rack\":\"a\"}}"));
    node.post(
        "/api/v1/definitions",
        vm("unlabelled", 1, 512, ",\"placement\":{\"hostLabels\":{\"rack\":\"b\"}}"));
    await()
        .atMost(CONVERGE)
        .until(() -> "Running".equals(node.status("labelled").get("phase").asString()));
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                node.status("elsewhere").get("message").asString("").contains("no host matches")
                    && node.status("unlabelled")
                        .get("message")
                        .asString("")
                        .contains("no host matches"));
    assertThat(node.status("elsewhere").get("phase").asString()).isEqualTo("Pending");
  }

  @Test
  void placementMustNameExactlyOneOfHostAndLabels() {
    FleetNode.Response both =
        node.post(
            "/api/v1/definitions",
            vm("both", 1, 512, ",\"placement\":{\"host\":\"a\",\"hostLabels\":{\"k\":\"v\"}}"));
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.body()).contains("placement");
    FleetNode.Response badHost =
        node.post(
            "/api/v1/definitions", vm("bad-host", 1, 512, ",\"placement\":{\"host\":\"A_B\"}"));
    assertThat(badHost.status()).isEqualTo(400);
  }

  @Test
  void failoverWithoutSharedStorageIsRefused() {
    FleetNode.Response r =
        node.post("/api/v1/definitions", vm("mobile", 1, 512, ",\"failover\":true"));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("hcs.storage.shared-root");
  }

  @Test
  void aCordonedHostTakesNothingNewUntilUncordoned() {
    assertThat(node.post("/api/v1/hosts/solo-01/cordon", "").json().get("state").asString())
        .isEqualTo("Cordoned");
    try {
      node.post("/api/v1/definitions", vm("waits", 1, 512, ""));
      await()
          .atMost(CONVERGE)
          .until(() -> node.status("waits").get("message").asString("").contains("Cordoned"));
      assertThat(node.status("waits").get("host").isNull()).isTrue();
    } finally {
      assertThat(node.post("/api/v1/hosts/solo-01/uncordon", "").json().get("state").asString())
          .isEqualTo("Ready");
    }
    await()
        .atMost(CONVERGE)
        .until(() -> "Running".equals(node.status("waits").get("phase").asString()));
  }

  /**
   * A pass that outlived its definition's assignment (released by a drain or a failover while it
   * ran) ends with a status write: it must not overwrite what the release wrote, nor what a new
   * host writes afterwards.
   */
  @Test
  void aStatusWrittenByAPassThatOutlivedItsAssignmentIsNotStored() {
    String body = vm("released", 1, 256, ",\"desiredState\":\"Stopped\"");
    assertThat(node.post("/api/v1/definitions", body).status()).isEqualTo(201);
    await()
        .atMost(CONVERGE)
        .until(() -> "Stopped".equals(node.status("released").get("phase").asString()));
    DefinitionStore plain =
        node.context.getBean(FleetConfiguration.PLAIN_STORE, DefinitionStore.class);
    Definition before = plain.find("released").orElseThrow();
    AssignedDefinitions view = node.context.getBean(AssignedDefinitions.class);
    DefinitionPlacements placements = node.context.getBean(DefinitionPlacements.class);
    node.post("/api/v1/hosts/solo-01/cordon", "");
    try {
      assertThat(placements.release(before.id(), "solo-01", EventType.Drained, "released here"))
          .isTrue();
      view.updateStatus(before.id(), before.status());
      JsonNode status = node.status("released");
      assertThat(status.get("host").isNull()).isTrue();
      assertThat(status.get("phase").asString()).isEqualTo("Pending");
    } finally {
      node.post("/api/v1/hosts/solo-01/uncordon", "");
    }
    await()
        .atMost(CONVERGE)
        .until(() -> "solo-01".equals(node.status("released").get("host").asString()));
    assertThat(node.delete("/api/v1/definitions/released").status()).isEqualTo(202);
    await().atMost(CONVERGE).until(() -> node.get("/api/v1/definitions/released").status() == 404);
  }
}
