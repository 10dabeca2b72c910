package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.host.ObservedSystem;
import java.util.Optional;

/**
 * One desired state's part of a pass: given the draft and the current incarnation's system as
 * observed (empty when it has none on the host), take the next step and say when to look again.
 */
interface Step {

  ReconcileResult reconcile(StatusDraft s, Optional<ObservedSystem> observed);
}
