package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.definition.RestartPolicy;
import dev.hcsorchestrator.reconcile.IncarnationState.BackingOff;
import dev.hcsorchestrator.reconcile.IncarnationState.Cause;
import dev.hcsorchestrator.reconcile.IncarnationState.Exited;
import dev.hcsorchestrator.reconcile.IncarnationState.Held;
import dev.hcsorchestrator.reconcile.IncarnationState.Planned;
import dev.hcsorchestrator.reconcile.IncarnationState.Running;
import dev.hcsorchestrator.reconcile.IncarnationState.Saved;
import dev.hcsorchestrator.reconcile.IncarnationState.Stopping;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The named transitions of {@link StatusDraft}, the only writers of the incarnation's state, as a
 * table: (state before, transition) → (state after, phase after). The definition is at generation 2
 * with one start and one restart request not yet acted on.
 */
class IncarnationStateTransitionsTest {

  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  static final Instant NOW = Instant.parse("2026-12-07T10:05:00Z");
  static final Instant LATER = Instant.parse("2026-12-07T10:06:00Z");
  static final String FILE = "/storage/d/saved-1.vmrs";

  static Arguments row(
      String name, IncarnationState from, Consumer<StatusDraft> t, IncarnationState to, Phase p) {
    return Arguments.of(name, from, t, to, p);
  }

  static Stream<Arguments> transitions() {
    Stopping asked = new Stopping(Cause.Asked, T0, null);
    return Stream.of(
        row(
            "planned",
            IncarnationState.NONE,
            s -> s.planned(1, null, "h"),
            new Planned(null),
            Phase.Starting),
        row(
            "planned from a saved state",
            new Saved(FILE),
            s -> s.planned(2, FILE, "h"),
            new Planned(FILE),
            Phase.Starting),
        row("started", new Planned(FILE), s -> s.started(FILE), new Running(NOW), Phase.Pending),
        row("adopted", new Planned(null), s -> s.adopted("sys"), new Running(NOW), Phase.Pending),
        row(
            "adopted again keeps since",
            new Running(T0),
            s -> s.adopted("sys"),
            new Running(T0),
            Phase.Pending),
        row(
            "running keeps since",
            new Running(T0),
            StatusDraft::running,
            new Running(T0),
            Phase.Running),
        row(
            "running after a restart of the service",
            new Running(null),
            StatusDraft::running,
            new Running(NOW),
            Phase.Running),
        row(
            "stop asked",
            new Running(T0),
            s -> s.stopAsked(Cause.Asked, Phase.Stopping),
            new Stopping(Cause.Asked, NOW, null),
            Phase.Stopping),
        row(
            "unhealthy stop",
            new Running(T0),
            s -> s.stopAsked(Cause.Unhealthy, Phase.Stopping),
            new Stopping(Cause.Unhealthy, NOW, null),
            Phase.Stopping),
        row(
            "saved to a file",
            asked,
            s -> s.savedTo(FILE),
            new Stopping(Cause.Asked, NOW, FILE),
            Phase.Pending),
        row(
            "host shutdown",
            new Running(T0),
            s -> s.hostShutdownBegins(HostShutdownAction.Save, "HostShutdown"),
            new Stopping(Cause.HostShutdown, NOW, null),
            Phase.Pending),
        row(
            "exit counted",
            new Running(T0),
            s -> s.exitCounted(new LastExit(ExitType.UnexpectedExit, 1, NOW), () -> {}),
            new Exited(),
            Phase.Pending),
        row(
            "backing off",
            new Exited(),
            s -> s.backingOff(LATER),
            new BackingOff(LATER),
            Phase.BackOff),
        row(
            "held by the policy",
            new Exited(),
            StatusDraft::heldByPolicy,
            new Held(2, new Exited()),
            Phase.Stopped),
        row(
            "failed by the policy",
            new Exited(),
            s -> s.failedByPolicy("too many"),
            new Held(2, new Exited()),
            Phase.Failed),
        row(
            "failed while planned",
            new Planned(null),
            s -> s.fail("rejected"),
            new Held(2, new Planned(null)),
            Phase.Failed),
        row(
            "a start request ends a hold and the backoff",
            new Held(2, new BackingOff(LATER)),
            StatusDraft::applyStartRequest,
            new BackingOff(null),
            Phase.Pending),
        row(
            "a hold of an older generation ends",
            new Held(1, new Exited()),
            StatusDraft::releaseHoldOfOlderGeneration,
            new Exited(),
            Phase.Pending),
        row(
            "a hold of this generation stays",
            new Held(2, new Exited()),
            StatusDraft::releaseHoldOfOlderGeneration,
            new Held(2, new Exited()),
            Phase.Pending),
        row(
            "a restart request ends a hold",
            new Held(2, new Exited()),
            StatusDraft::takeRestartRequest,
            new Exited(),
            Phase.Pending),
        row(
            "restart cancelled",
            new BackingOff(LATER),
            StatusDraft::restartCancelled,
            new Exited(),
            Phase.Pending),
        row(
            "restart cancelled leaves a run alone",
            new Running(T0),
            StatusDraft::restartCancelled,
            new Running(T0),
            Phase.Pending),
        row(
            "stopped after a stop",
            asked,
            StatusDraft::stoppedAsAsked,
            new Exited(),
            Phase.Stopped),
        row(
            "stopped after a save keeps the file",
            new Stopping(Cause.Asked, T0, FILE),
            StatusDraft::stoppedAsAsked,
            new Saved(FILE),
            Phase.Stopped),
        row(
            "stopped while saved stays saved",
            new Saved(FILE),
            StatusDraft::stoppedAsAsked,
            new Saved(FILE),
            Phase.Stopped),
        row(
            "stopped before the stored one was created",
            new Planned(FILE),
            StatusDraft::stoppedAsAsked,
            new Planned(FILE),
            Phase.Stopped),
        row(
            "stopped when it vanished",
            new Running(T0),
            StatusDraft::stoppedAsAsked,
            new Exited(),
            Phase.Stopped),
        row(
            "saved as asked",
            new Stopping(Cause.Asked, T0, FILE),
            StatusDraft::savedAsAsked,
            new Saved(FILE),
            Phase.Saved));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void aTransitionLeadsToItsState(
      String name,
      IncarnationState from,
      Consumer<StatusDraft> transition,
      IncarnationState to,
      Phase phase) {
    StatusDraft s = draft(from);

    transition.accept(s);

    assertThat(s.state()).isEqualTo(to);
    assertThat(s.phase()).isEqualTo(phase);
  }

  static StatusDraft draft(IncarnationState state) {
    Bookkeeping b =
        new Bookkeeping(
            Bookkeeping.VERSION, 2, 0, 0, 0, "h", 0, 1, null, null, null, null, null, null, state);
    DefinitionStatus status =
        new DefinitionStatus(Phase.Pending, 2, null, 1, 0, null, null, null, List.of(), b.write());
    Definition def =
        new Definition(
            UUID.randomUUID(),
            2,
            T0,
            T0,
            false,
            1,
            1,
            ReconcilerTest.vm("web-01", RestartPolicy.Always, null),
            status);
    return new StatusDraft(new InMemoryDefinitions(), new Inventory(), def, NOW);
  }
}
