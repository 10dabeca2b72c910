package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.definition.HostShutdownAction;
import dev.hcsorchestrator.host.ScratchVolume;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookkeepingTest {

  static DefinitionStatus withMemo(String memo, long incarnation, Instant nextRetryAt) {
    DefinitionStatus p = DefinitionStatus.pending();
    return new DefinitionStatus(
        p.phase(), 1, null, incarnation, 0, null, nextRetryAt, null, List.of(), memo);
  }

  @Test
  void aWrittenDocumentIsVersionedAndReadsBackEqual() {
    TreeMap<String, List<String>> made = new TreeMap<>();
    made.put(Dependents.DISK, List.of("/b.vhdx", "/a.vhdx"));
    TreeMap<String, String> addresses = new TreeMap<>();
    addresses.put("ep-1", "172.30.0.5");
    Bookkeeping b =
        new Bookkeeping(
            Bookkeeping.VERSION,
            1,
            2,
            3,
            4,
            "h",
            4,
            1,
            "/restored.vmrs",
            made,
            HostShutdownAction.Save,
            addresses,
            new ScratchVolume(
                "\\\\?\\Volume{1}\\", List.of(new ScratchVolume.LayerId("id", "/layers/base"))),
            List.of("/defs/1/scratch-a"),
            new IncarnationState.Held(
                3,
                new IncarnationState.Stopping(
                    IncarnationState.Cause.HostShutdown,
                    Instant.parse("2026-12-07T10:00:00Z"),
                    "/s")));

    String doc = b.write();
    // a copy, as read back from the database: the very string written is known parsed already
    Bookkeeping read = Bookkeeping.of(withMemo(new String(doc), 2, null));

    assertThat(doc).startsWith("{\"version\":7,");
    assertThat(doc).contains("\"state\":{\"type\":\"Held\",\"generation\":3,\"resume\":{\"type\"");
    assertThat(read).isEqualTo(b);
    assertThat(read.made(Dependents.DISK)).containsExactly("/a.vhdx", "/b.vhdx");
    assertThat(read.savedStateFile()).isEqualTo("/s");
    assertThat(read.exitRequested()).isTrue();
    assertThat(read.holdGeneration()).isEqualTo(3);
  }

  @Test
  void aDocumentThisProcessWroteIsNotParsedAgain() {
    Bookkeeping b =
        new Bookkeeping(
            Bookkeeping.VERSION,
            1,
            0,
            0,
            0,
            "h",
            0,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            new IncarnationState.Running(Instant.parse("2026-12-07T10:00:00Z")));

    // the pass after the write (the first idle resync's, after a converge) reads the very
    // string it wrote: it gets the written bookkeeping itself, no parse
    assertThat(Bookkeeping.of(withMemo(b.write(), 1, null))).isSameAs(b);
  }

  @Test
  void everyStateReadsBackAsWritten() {
    Instant at = Instant.parse("2026-12-07T10:00:00Z");
    for (IncarnationState state :
        List.of(
            IncarnationState.NONE,
            new IncarnationState.Planned("/f.vmrs"),
            new IncarnationState.Running(at),
            new IncarnationState.Stopping(IncarnationState.Cause.Unhealthy, at, null),
            new IncarnationState.Exited(),
            new IncarnationState.BackingOff(at),
            new IncarnationState.Saved("/f.vmrs"),
            new IncarnationState.Held(2, new IncarnationState.Exited()))) {
      Bookkeeping b =
          new Bookkeeping(
              Bookkeeping.VERSION,
              1,
              0,
              0,
              0,
              null,
              0,
              0,
              null,
              null,
              null,
              null,
              null,
              null,
              state);

      assertThat(Bookkeeping.of(withMemo(new String(b.write()), 1, null)).state()).isEqualTo(state);
    }
  }

  @Test
  void aStatusWithoutADocumentHasEmptyBookkeepingWithNothingMade() {
    assertThat(Bookkeeping.of(DefinitionStatus.pending())).isEqualTo(Bookkeeping.EMPTY);
    assertThat(Bookkeeping.EMPTY.made()).isEmpty();
    assertThat(Bookkeeping.EMPTY.state()).isEqualTo(new IncarnationState.Planned(null));
  }

  @Test
  void aDocumentOfALaterVersionWithMembersUnknownHereStillReads() {
    String doc =
        Bookkeeping.EMPTY.write().replace("{\"version\":7,", "{\"version\":8,\"later\":[1],");

    assertThat(Bookkeeping.of(withMemo(doc, 0, null)).state()).isEqualTo(IncarnationState.NONE);
  }
}
