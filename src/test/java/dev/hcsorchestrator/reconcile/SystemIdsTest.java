package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Golden values: the ids of every running system and endpoint derive from these functions, so an
 * accidental change would orphan all of them after an upgrade. Never update these values.
 */
class SystemIdsTest {

  static final UUID DEFINITION = UUID.fromString("0b7e1f52-3c9d-4a8e-9f21-6d5c4b3a2e10");

  @Test
  void theComputeSystemIdOfAnIncarnationNeverChanges() {
    assertThat(SystemIds.computeSystemId(DEFINITION, 1)).isEqualTo(GOLDEN_SYSTEM_1);
    assertThat(SystemIds.computeSystemId(DEFINITION, 2)).isEqualTo(GOLDEN_SYSTEM_2);
  }

  @Test
  void theEndpointIdOfAnAdapterNeverChanges() {
    assertThat(SystemIds.endpointId(DEFINITION, "nic0")).isEqualTo(GOLDEN_ENDPOINT);
  }

  @Test
  void theDerivedMacOfAnAdapterNeverChanges() {
    assertThat(SystemIds.macAddress(DEFINITION, "nic0")).isEqualTo(GOLDEN_MAC);
  }

  // RFC 4122 version 5 of the names below in SystemIds.NAMESPACE; any uuid5 implementation agrees
  static final String GOLDEN_SYSTEM_1 = "cfa3cc0a-6eec-52e4-bee5-c9cf21231138";
  static final String GOLDEN_SYSTEM_2 = "83bbe48a-22de-5549-ac78-a31cd1318327";
  static final String GOLDEN_ENDPOINT = "2329a4fc-22ba-5d51-8f5d-a26c15a3daaa";
  static final String GOLDEN_MAC = "00-15-5D-97-53-F3";
}
