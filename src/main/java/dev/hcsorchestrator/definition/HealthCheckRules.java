package dev.hcsorchestrator.definition;

/**
 * The rules of {@code healthCheck} that span fields: {@code Exec} runs a process in a container, so
 * a VM cannot have it; {@code Tcp} needs a {@code port} and no {@code command}, {@code Exec} the
 * reverse. Ranges are the annotations of {@link HealthCheckSpec}.
 */
final class HealthCheckRules {

  private HealthCheckRules() {}

  static void check(DefinitionSpec spec, FieldErrors e) {
    HealthCheckSpec h = spec.healthCheck();
    if (h == null || h.type() == null) {
      return;
    }
    String p = "healthCheck";
    switch (h.type()) {
      case Tcp -> {
        if (h.port() == null) {
          e.add(p + ".port", "is required for type Tcp");
        }
        if (h.command() != null) {
          e.add(p + ".command", "must be absent for type Tcp");
        }
      }
      case Exec -> {
        if (spec.kind() == Kind.VirtualMachine) {
          e.add(p + ".type", "Exec applies to a Container only (a VM has no process API)");
        }
        if (h.command() == null) {
          e.add(p + ".command", "is required for type Exec");
        }
        if (h.port() != null) {
          e.add(p + ".port", "must be absent for type Exec");
        }
      }
    }
  }
}
