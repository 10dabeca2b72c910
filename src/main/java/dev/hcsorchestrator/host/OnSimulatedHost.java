package dev.hcsorchestrator.host;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code hcs.host.mode} resolves to simulated ({@code auto} off Windows). */
public final class OnSimulatedHost implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return HostMode.isSimulated(context.getEnvironment().getProperty("hcs.host.mode", "auto"));
  }
}
