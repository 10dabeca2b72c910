package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Golden values: the ids are how a restarted service finds the systems and endpoints it made, so an
 * accidental change of the derivation would orphan every running system after an upgrade.
 */
class SystemIdsTest {

  static final UUID DEFINITION = UUID.fromString("00000000-0000-0000-0000-000000000001");

  @Test
  void computeSystemIdsOfAnIncarnationNeverChange() {
    assertThat(SystemIds.computeSystemId(DEFINITION, 1))
        .isEqualTo("2f1d9ea8-5e70-5488-90a8-0c17eea383c4");
    assertThat(SystemIds.computeSystemId(DEFINITION, 2))
        .isEqualTo("fe931dcc-337a-58a8-a7ad-a5e8ab4bd0e1");
  }

  @Test
  void endpointIdsAndMacAddressesOfAnAdapterNeverChange() {
    assertThat(SystemIds.endpointId(DEFINITION, "eth0"))
        .isEqualTo("6eede6b2-b364-5160-b700-da181efce8f3");
    assertThat(SystemIds.endpointId(DEFINITION, "eth1"))
        .isEqualTo("aa1a4a13-8148-5b67-a52c-683631e23c27");
    assertThat(SystemIds.macAddress(DEFINITION, "eth0")).isEqualTo("00-15-5D-3D-C6-9B");
  }

  @Test
  void namespaceIdsOfADefinitionNeverChangeAndCarryTheMarker() {
    assertThat(SystemIds.namespaceId(DEFINITION)).isEqualTo("dac935ce-2a1a-5c7c-aeb0-6863736f7263");
    assertThat(SystemIds.isOurNamespace(SystemIds.namespaceId(DEFINITION))).isTrue();
    assertThat(SystemIds.isOurNamespace(SystemIds.endpointId(DEFINITION, "eth0"))).isFalse();
    assertThat(SystemIds.isOurNamespace("not-a-guid")).isFalse();
    assertThat(UUID.fromString(SystemIds.namespaceId(DEFINITION)).version()).isEqualTo(5);
  }

  @Test
  void idsAreVersion5NameBasedUuids() {
    UUID id = UUID.fromString(SystemIds.computeSystemId(DEFINITION, 7));
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }
}
