package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The stored spec document keeps every field through a write and a read. */
class SpecJsonTest {

  @Test
  void aStoredSpecKeepsItsHostShutdownAction() {
    JsonMapper json = JsonMapper.builder().build();
    DefinitionSpec read =
        json.readValue(
            "{\"name\":\"a\",\"kind\":\"Container\",\"hostShutdownAction\":\"TurnOff\"}",
            DefinitionSpec.class);
    assertThat(read.hostShutdownAction()).isEqualTo(HostShutdownAction.TurnOff);
    assertThat(json.writeValueAsString(read)).contains("\"hostShutdownAction\":\"TurnOff\"");
  }
}
