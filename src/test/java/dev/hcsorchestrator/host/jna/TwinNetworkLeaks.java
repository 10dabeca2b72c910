package dev.hcsorchestrator.host.jna;

import org.assertj.core.api.SoftAssertions;

/**
 * The computenetwork twin's bookkeeping as assertions: after a test closed everything, no handle or
 * string is alive, none was freed twice or not by the twin, and no stale handle was used.
 */
public final class TwinNetworkLeaks {

  private final TwinNetworkLibrary twin;
  private final long badFrees;
  private final long badHandles;

  private TwinNetworkLeaks(TwinNetworkLibrary twin) {
    this.twin = twin;
    this.badFrees = twin.TwinNetworkStat(TwinNetworkLibrary.BAD_FREES);
    this.badHandles = twin.TwinNetworkStat(TwinNetworkLibrary.BAD_HANDLES);
  }

  public static TwinNetworkLeaks baseline(TwinNetworkLibrary twin) {
    return new TwinNetworkLeaks(twin);
  }

  public void assertNone() {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(twin.TwinNetworkStat(TwinNetworkLibrary.LIVE_HANDLES))
        .as("HCN handles not closed")
        .isZero();
    soft.assertThat(twin.TwinNetworkStat(TwinNetworkLibrary.LIVE_STRINGS))
        .as("HCN strings not freed with CoTaskMemFree")
        .isZero();
    soft.assertThat(twin.TwinNetworkStat(TwinNetworkLibrary.BAD_FREES) - badFrees)
        .as("strings freed twice or not from HCN")
        .isZero();
    soft.assertThat(twin.TwinNetworkStat(TwinNetworkLibrary.BAD_HANDLES) - badHandles)
        .as("closed, unknown or wrong-kind HCN handles used")
        .isZero();
    soft.assertAll();
  }
}
