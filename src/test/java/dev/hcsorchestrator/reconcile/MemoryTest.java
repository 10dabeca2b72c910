package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MemoryTest {

  private static Bookkeeping read() {
    TreeMap<String, List<String>> made = new TreeMap<>();
    made.put(Dependents.DISK, List.of("/a.vhdx"));
    TreeMap<String, String> addresses = new TreeMap<>();
    addresses.put("ep-1", "172.30.0.5");
    return new Bookkeeping(
        Bookkeeping.VERSION,
        1,
        0,
        0,
        0,
        "h",
        0,
        1,
        null,
        made,
        null,
        addresses,
        null,
        List.of("/defs/1/scratch-a"),
        new IncarnationState.Running(Instant.parse("2026-12-07T10:00:00Z")));
  }

  @Test
  void aPassThatChangesNothingHandsBackTheBookkeepingItRead() {
    Bookkeeping b = read();

    assertThat(new Memory(b).bookkeeping(b.state())).isSameAs(b);
  }

  @Test
  void aChangeOfStateOrOfAnyRecordMakesANewBookkeepingAndLeavesTheReadOneAlone() {
    Bookkeeping b = read();
    Memory m = new Memory(b);
    m.add(Dependents.DISK, List.of("/b.vhdx"));
    m.addressGiven("ep-2", "172.30.0.6");
    m.mounting("/defs/1/scratch-b");

    Bookkeeping changed = m.bookkeeping(b.state());

    assertThat(changed.made(Dependents.DISK)).containsExactly("/a.vhdx", "/b.vhdx");
    assertThat(changed.endpointAddresses()).containsKeys("ep-1", "ep-2");
    assertThat(changed.mountedScratch()).containsExactly("/defs/1/scratch-a", "/defs/1/scratch-b");
    assertThat(b).isEqualTo(read());
    assertThat(new Memory(b).bookkeeping(new IncarnationState.Exited()))
        .isNotSameAs(b)
        .extracting(Bookkeeping::state)
        .isEqualTo(new IncarnationState.Exited());
    Memory streak = new Memory(b);
    streak.streak(2);
    assertThat(streak.bookkeeping(b.state()).backoffStreak()).isEqualTo(2);
  }
}
