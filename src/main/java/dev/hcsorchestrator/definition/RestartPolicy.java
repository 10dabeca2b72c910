package dev.hcsorchestrator.definition;

/** When an exit that the service did not ask for leads to a new compute system. */
public enum RestartPolicy {
  Always,
  OnFailure,
  Never
}
