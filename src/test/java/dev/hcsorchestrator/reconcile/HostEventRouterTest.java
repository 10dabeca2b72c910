package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.HostEvent;
import dev.hcsorchestrator.host.HostExitType;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.host.SystemType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Host events become exits in the ledger and work in the queue. */
class HostEventRouterTest {

  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  Inventory inventory = new Inventory();
  ExitLedger exits = new ExitLedger();
  List<UUID> queued = new ArrayList<>();
  int sweeps;
  int resyncs;
  HostEventRouter router =
      new HostEventRouter(inventory, exits, clock, queued::add, () -> sweeps++, () -> resyncs++);
  UUID id = UUID.randomUUID();

  @Test
  void eachHostExitTypeIsRecordedAsTheSameExitType() {
    for (HostExitType type : HostExitType.values()) {
      String sys = "sys-" + type;
      router.accept(new HostEvent.SystemExited(sys, type, 0));

      assertThat(exits.peek(sys))
          .contains(new ExitLedger.Exit(ExitType.valueOf(type.name()), null, clock.instant()));
    }
  }

  @Test
  void aProcessExitIsRecordedWithItsCodeAndQueuesTheOwner() {
    inventory.record(id, Kind.Container, Phase.Running, "sys-1");

    router.accept(new HostEvent.ProcessExited("sys-1", 4711, 3));

    assertThat(exits.peek("sys-1"))
        .contains(new ExitLedger.Exit(ExitType.ProcessExit, 3, clock.instant()));
    assertThat(queued).containsExactly(id);
    assertThat(sweeps).isZero();
  }

  @Test
  void anExitOfAKnownSystemQueuesItsDefinitionNotASweep() {
    inventory.record(id, Kind.VirtualMachine, Phase.Running, "sys-1");

    router.accept(new HostEvent.SystemExited("sys-1", HostExitType.UnexpectedExit, 0));

    assertThat(queued).containsExactly(id);
    assertThat(sweeps).isZero();
    assertThat(resyncs).isZero();
  }

  @Test
  void anExitOfAnUnknownSystemQueuesASweep() {
    router.accept(new HostEvent.SystemExited("stranger", HostExitType.ForcedExit, 0));
    router.accept(new HostEvent.ProcessExited("stranger", 1, 0));

    assertThat(queued).isEmpty();
    assertThat(sweeps).isEqualTo(2);
    assertThat(exits.peek("stranger")).isPresent();
  }

  @Test
  void anExitOutdatesWhatTheEnumerationSawOfItsDefinition() {
    inventory.record(id, Kind.VirtualMachine, Phase.Running, "sys-1");
    ObservedSystem sys =
        new ObservedSystem("sys-1", "o", SystemType.VirtualMachine, SystemState.Running);
    inventory.snapshot().publish(inventory.snapshot().begin(), List.of(sys));
    assertThat(inventory.snapshot().lookup(id, "sys-1")).contains(sys);

    router.accept(new HostEvent.SystemExited("sys-1", HostExitType.GracefulExit, 0));

    assertThat(inventory.snapshot().lookup(id, "sys-1")).isEmpty();
  }

  @Test
  void aLostHostServiceDropsTheEnumerationAndResyncsEverything() {
    inventory.record(id, Kind.VirtualMachine, Phase.Running, "sys-1");
    ObservedSystem sys =
        new ObservedSystem("sys-1", "o", SystemType.VirtualMachine, SystemState.Running);
    inventory.snapshot().publish(inventory.snapshot().begin(), List.of(sys));

    router.accept(new HostEvent.ServiceDisconnected());

    assertThat(resyncs).isEqualTo(1);
    assertThat(inventory.snapshot().lookup(id, "sys-1")).isEmpty();
    assertThat(queued).isEmpty();
    assertThat(sweeps).isZero();
  }
}
