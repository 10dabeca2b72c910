package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObservedSnapshotTest {

  private final ObservedSnapshot snapshot = new ObservedSnapshot();
  private final UUID definition = UUID.randomUUID();
  private final ObservedSystem running =
      new ObservedSystem("sys-1", "owner", SystemType.VirtualMachine, SystemState.Running);

  @Test
  void servesWhatTheEnumerationSawWhileNothingTouchedTheDefinition() {
    snapshot.touch(definition); // its last pass ended before the enumeration began
    snapshot.publish(snapshot.begin(), List.of(running));

    assertThat(snapshot.lookup(definition, "sys-1")).contains(running);
  }

  @Test
  void aPassOrEventAfterTheEnumerationBeganOutdatesIt() {
    long tick = snapshot.begin();
    snapshot.touch(definition); // during the enumeration
    snapshot.publish(tick, List.of(running));

    assertThat(snapshot.lookup(definition, "sys-1")).isEmpty();
    assertThat(snapshot.lookup(UUID.randomUUID(), "sys-1")).contains(running);
  }

  @Test
  void aSystemMissingFromTheEnumerationIsNotAnswered() {
    snapshot.publish(snapshot.begin(), List.of(running));

    assertThat(snapshot.lookup(definition, "sys-2")).isEmpty();
  }

  @Test
  void clearDropsTheEnumeration() {
    snapshot.publish(snapshot.begin(), List.of(running));
    snapshot.clear();

    assertThat(snapshot.lookup(definition, "sys-1")).isEmpty();
  }
}
