package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LifecycleLogTest {

  @Test
  void exitsBackoffErrorsAndOrphansWarnFailuresAreErrorsTheRestInforms() {
    assertThat(LifecycleLog.level(EventType.Failed)).isEqualTo(Level.ERROR);
    for (EventType t :
        new EventType[] {
          EventType.Exited,
          EventType.Unhealthy,
          EventType.BackOff,
          EventType.Error,
          EventType.OrphanRemoved
        }) {
      assertThat(LifecycleLog.level(t)).as(t.name()).isEqualTo(Level.WARN);
    }
    assertThat(LifecycleLog.level(EventType.Started)).isEqualTo(Level.INFO);
    assertThat(LifecycleLog.level(EventType.Restarted)).isEqualTo(Level.INFO);
  }

  @Test
  void aLineNamesTheDefinitionTheTransitionAndTheComputeSystem() {
    assertThat(
            LifecycleLog.line(
                "web-1", EventType.Exited, "exited: UnexpectedExit", "9b0f6c1e-3e57", 4L))
        .isEqualTo("web-1 Exited: exited: UnexpectedExit [system 9b0f6c1e-3e57, incarnation 4]");
    assertThat(LifecycleLog.line("web-1", EventType.Created, "Definition created", null, null))
        .isEqualTo("web-1 Created: Definition created");
  }
}
