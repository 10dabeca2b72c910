package dev.hcsorchestrator.host.jna;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;

/**
 * The twin's bookkeeping as assertions: after a test closed everything, no operation, handle or
 * result string is alive, and no string was freed twice nor a stale handle used meanwhile.
 */
public final class TwinLeaks {

  private final TwinLibrary twin;
  private final long badFrees;
  private final long badHandles;
  private final long closedWhileInUse;

  private TwinLeaks(TwinLibrary twin) {
    this.twin = twin;
    this.badFrees = twin.TwinStat(TwinLibrary.BAD_FREES);
    this.badHandles = twin.TwinStat(TwinLibrary.BAD_HANDLES);
    this.closedWhileInUse = twin.TwinStat(TwinLibrary.CLOSE_WHILE_IN_USE);
  }

  /** Remembers the misuse counters now; {@link #assertNone} compares against them. */
  public static TwinLeaks baseline(TwinLibrary twin) {
    return new TwinLeaks(twin);
  }

  /** Waits for the twin's threads to finish, then asserts nothing leaked and nothing misused. */
  public void assertNone() {
    assertThat(twin.TwinQuiesce(20_000)).as("twin threads finished").isEqualTo(1);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(twin.TwinStat(TwinLibrary.LIVE_OPERATIONS)).as("leaked operations").isZero();
    soft.assertThat(twin.TwinStat(TwinLibrary.LIVE_SYSTEMS)).as("leaked system handles").isZero();
    soft.assertThat(twin.TwinStat(TwinLibrary.LIVE_PROCESSES))
        .as("leaked process handles")
        .isZero();
    soft.assertThat(twin.TwinStat(TwinLibrary.LIVE_STRINGS))
        .as("result strings not freed")
        .isZero();
    soft.assertThat(twin.TwinStat(TwinLibrary.BAD_FREES) - badFrees)
        .as("strings freed twice or not from the DLL")
        .isZero();
    soft.assertThat(twin.TwinStat(TwinLibrary.BAD_HANDLES) - badHandles)
        .as("closed or unknown handles used")
        .isZero();
    soft.assertThat(twin.TwinStat(TwinLibrary.CLOSE_WHILE_IN_USE) - closedWhileInUse)
        .as("handles closed while another thread used them")
        .isZero();
    soft.assertAll();
  }
}
