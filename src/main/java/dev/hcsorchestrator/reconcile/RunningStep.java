package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.EventType;
import dev.hcsorchestrator.definition.ExitType;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.LastExit;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.host.ObservedSystem;
import dev.hcsorchestrator.host.SystemState;
import java.time.Duration;
import java.util.Optional;

/** Desired state {@code Running}: keep one system of the current spec running. */
final class RunningStep implements Step {

  private static final String PAUSED_ON_HOST = "PausedOnHost";

  private final PassTools tools;
  private final Stopper stopper;
  private final Incarnation incarnation;
  private final HealthStep health;

  RunningStep(PassTools tools, Stopper stopper, Incarnation incarnation, HealthStep health) {
    this.tools = tools;
    this.stopper = stopper;
    this.incarnation = incarnation;
    this.health = health;
  }

  @Override
  public ReconcileResult reconcile(StatusDraft s, Optional<ObservedSystem> observed) {
    boolean restartAsked = s.takeRestartRequest();
    if (observed.isEmpty()) {
      return missing(s);
    }
    ObservedSystem sys = observed.get();
    // a generation's spec is compared once; a hash an earlier release stored is compared by its
    // own rule and then stored again in today's form
    boolean compare =
        s.memory().specHash() == null || s.memory().systemGeneration() != s.def.generation();
    String hash = compare ? SystemSpecs.systemHash(s.def.spec()) : null;
    Optional<HealthMonitor.Verdict> unhealthy = health.unhealthy(s, sys.id());
    RunningDecision.Action action =
        RunningDecision.decide(
            new RunningDecision.Facts(
                restartAsked,
                s.life().stopping() != null,
                hash != null
                    && s.memory().specHash() != null
                    && !SpecHash.sameSystem(s.memory().specHash(), hash, s.def.spec()),
                sys.state(),
                s.phase() == Phase.Paused && s.conditions().hasReason(Conditions.READY, "Paused"),
                s.def.kind() == Kind.Container
                    && tools
                        .exits()
                        .peek(sys.id())
                        .filter(e -> e.type() == ExitType.ProcessExit)
                        .isPresent(),
                unhealthy.isPresent()));
    if (action instanceof RunningDecision.Replace r) {
      if (r.why() == RunningDecision.Why.RestartRequested) {
        s.event(EventType.Replaced, "Restart requested: replacing compute system " + sys.id());
      } else {
        tools.metrics().drift(s.def.kind().name(), "spec");
        s.event(
            EventType.Replaced,
            "Spec generation "
                + s.def.generation()
                + " differs: replacing compute system "
                + sys.id());
      }
      return stopper.stop(s, sys, Phase.Stopping);
    }
    if (action instanceof RunningDecision.FinishStop) {
      return stopper.stop(s, sys, Phase.Stopping);
    }
    RunningDecision.Converge converge = (RunningDecision.Converge) action;
    if (hash != null) {
      s.specUnchanged(hash);
    }
    fix(s, sys, converge.fix());
    if (converge.then() == RunningDecision.Then.EndWorkload) {
      // the workload ended: the container goes with it, and the exit counts as its own
      tools.host().terminate(sys.id());
      return ReconcileResult.requeueAfter(PassTools.STOP_RECHECK);
    }
    if (s.def.kind() == Kind.Container) {
      incarnation.ensureProcess(s, sys.id());
    }
    if (converge.then() == RunningDecision.Then.StopUnhealthy) {
      health.replacing(s, sys.id(), unhealthy.get());
      // written ahead by the stop: the exit to come is ours, and recorded as Unhealthy
      return stopper.stop(s, sys, Phase.Stopping, IncarnationState.Cause.Unhealthy);
    }
    return settleRunning(s);
  }

  private void fix(StatusDraft s, ObservedSystem sys, RunningDecision.Fix fix) {
    switch (fix) {
      case Resume, ResumeDrifted -> {
        boolean drifted = fix == RunningDecision.Fix.ResumeDrifted;
        if (drifted) {
          tools.metrics().drift(s.def.kind().name(), "state");
          // HCS sends no event for a pause: this pass is the first to see it; the status says
          // what the host says until the resume has succeeded
          s.pausedOnHost(PAUSED_ON_HOST);
          s.writeAhead();
        }
        tools.host().resume(sys.id());
        tools.inventory().systemState(sys.id(), SystemState.Running);
        s.event(
            EventType.Resumed,
            "Resumed compute system "
                + sys.id()
                + (drifted ? " paused behind our back" : " as asked"));
      }
      case Start -> {
        tools.host().start(sys.id());
        tools.inventory().systemState(sys.id(), SystemState.Running);
      }
      case None -> {}
    }
  }

  private ReconcileResult settleRunning(StatusDraft s) {
    s.running();
    if (s.memory().backoffStreak() > 0) {
      Duration resetAfter = tools.settings().resetAfter();
      Duration ran = Duration.between(s.life().runningSince(), s.now);
      if (ran.compareTo(resetAfter) >= 0) {
        s.memory().streak(0); // the next exit starts a new streak
      } else {
        return ReconcileResult.requeueAfter(resetAfter.minus(ran));
      }
    }
    return ReconcileResult.DONE;
  }

  /** The current incarnation has no system on the host. */
  private ReconcileResult missing(StatusDraft s) {
    Lifecycle.Action action = Lifecycle.whenGone(s.state(), s.incarnation(), s.now);
    if (action instanceof Lifecycle.Wait w) {
      s.waitingToRestart();
      return ReconcileResult.requeueAfter(Duration.between(s.now, w.until()));
    }
    if (action instanceof Lifecycle.CountExit c) {
      return exited(s, c.unhealthy());
    }
    if (action instanceof Lifecycle.Create c) {
      if (c.incarnation() > s.incarnation() && s.incarnation() > 0) {
        tools.exits().take(s.currentId()); // accounted for already
      }
      return incarnation.create(s, c.incarnation(), c.restore(), c.type());
    }
    return ReconcileResult.DONE; // held until start or a change
  }

  /** An exit the service did not ask for: record it, then apply the restart policy. */
  private ReconcileResult exited(StatusDraft s, boolean unhealthy) {
    String sysId = s.currentId();
    // kept until the exit is stored: a pass that cannot write (the database is away) leaves the
    // host's report of how the system ended for the next one
    Optional<ExitLedger.Exit> reported = tools.exits().peek(sysId);
    ExitLedger.Exit exit =
        unhealthy
            ? new ExitLedger.Exit(ExitType.Unhealthy, null, reported.map(e -> e.at()).orElse(s.now))
            : reported.orElse(new ExitLedger.Exit(ExitType.Unknown, null, s.now));
    s.exitCounted(
        new LastExit(exit.type(), exit.exitCode(), exit.at()), () -> tools.exits().take(sysId));
    if (!unhealthy) {
      tools.metrics().drift(s.def.kind().name(), reported.isPresent() ? "exited" : "missing");
    }
    s.event(
        EventType.Exited,
        "Compute system "
            + sysId
            + " exited: "
            + exit.type()
            + (exit.exitCode() == null ? "" : " with code " + exit.exitCode()));
    RestartDecision decision =
        RestartDecision.decide(
            s.def.spec().restartPolicy(),
            exit.type(),
            exit.exitCode(),
            s.memory().backoffStreak(),
            s.def.spec().maxRestarts(),
            tools.backoff()::delay);
    if (decision instanceof RestartDecision.Hold) {
      s.heldByPolicy();
      s.event(
          EventType.Stopped,
          "Not restarted: restart policy " + policy(s) + " after " + exit.type());
      return ReconcileResult.DONE;
    }
    if (decision instanceof RestartDecision.Fail f) {
      s.failedByPolicy(f.message());
      return ReconcileResult.DONE;
    }
    if (decision instanceof RestartDecision.RestartNow now) {
      restarted(s, now.streak(), exit);
      return incarnation.create(s, s.incarnation() + 1, null, EventType.Restarted);
    }
    RestartDecision.RestartAfter later = (RestartDecision.RestartAfter) decision;
    restarted(s, later.streak(), exit);
    s.backingOff(s.now.plus(later.delay()));
    s.event(
        EventType.BackOff,
        "Restart "
            + later.streak()
            + " in a row: waiting "
            + later.delay().toMillis()
            + " ms until "
            + s.now.plus(later.delay()));
    return ReconcileResult.requeueAfter(later.delay());
  }

  private void restarted(StatusDraft s, int streak, ExitLedger.Exit exit) {
    s.restartCounted(streak);
    tools.metrics().restarted(s.def.kind().name(), exit.type().name());
  }

  private static String policy(StatusDraft s) {
    return s.def.spec().restartPolicy() == null ? "Always" : s.def.spec().restartPolicy().name();
  }
}
