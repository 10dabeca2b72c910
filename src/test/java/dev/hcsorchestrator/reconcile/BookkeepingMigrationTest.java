package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.HostShutdownAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every earlier version of the bookkeeping document migrates to today's. Each resource under {@code
 * bookkeeping/} is a document in the exact shape its version wrote (its record's members in
 * declaration order, as Jackson wrote them): version 1 as migration V3 wraps an old memo, versions
 * 2 to 4 and 6 in the shape of the record at the commit that introduced them, version 5 taken from
 * the database of release 1a7de05 ({@code release-1a7de05-data.zip}, the container of
 * UpgradeFromEarlierReleaseIT). The status beside it gives the incarnation and retry time.
 */
class BookkeepingMigrationTest {

  static Stream<Arguments> versions() {
    Instant retry = Instant.parse("2026-12-01T07:45:10.250Z");
    return Stream.of(
        Arguments.of(
            "v1-saved-vm.json",
            2L,
            null,
            new IncarnationState.Saved(
                "C:\\ProgramData\\hcs\\storage\\7b0c6a52-5a43-4f55-9c1e-3f1f3c1e2a01\\saved-2.vmrs"),
            null,
            false),
        Arguments.of(
            "v2-backing-off.json", 3L, retry, new IncarnationState.BackingOff(retry), null, true),
        Arguments.of(
            "v3-host-shutdown-saving.json",
            1L,
            null,
            new IncarnationState.Stopping(
                IncarnationState.Cause.HostShutdown,
                Instant.parse("2026-12-01T09:00:00.001Z"),
                "/var/lib/hcs/storage/4a1e9c7d-2b3f-4e5a-8d6c-0f1e2d3c4b5a/saved-1.vmrs"),
            null,
            true),
        Arguments.of(
            "v4-unhealthy-stopping.json",
            4L,
            null,
            new IncarnationState.Stopping(
                IncarnationState.Cause.Unhealthy,
                Instant.parse("2026-12-01T10:14:02.118774Z"),
                null),
            null,
            true),
        Arguments.of(
            "v5-running-container.json",
            1L,
            null,
            new IncarnationState.Running(Instant.parse("2026-12-07T13:02:50.007773499Z")),
            List.of(
                "/tmp/hcs-upgrade-1a7de05/data/storage/a6aabc92-9937-443f-84b9-25f7e55662b4/"
                    + "scratch-0b8ac04289d9"),
            true),
        Arguments.of(
            "v6-failed-held.json",
            1L,
            null,
            new IncarnationState.Held(1, new IncarnationState.Planned(null)),
            null,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void anEarlierVersionsDocumentMigratesToTodaysState(
      String resource,
      long incarnation,
      Instant nextRetryAt,
      IncarnationState state,
      List<String> mounted,
      boolean recorded)
      throws IOException {
    String old = read(resource);

    Bookkeeping b = Bookkeeping.of(BookkeepingTest.withMemo(old, incarnation, nextRetryAt));

    assertThat(b.version()).isEqualTo(Bookkeeping.VERSION);
    assertThat(b.state()).isEqualTo(state);
    assertThat(b.mountedScratch()).isEqualTo(mounted);
    assertThat(b.made() != null).as("made recorded").isEqualTo(recorded);
    // what the old document said of the rest is kept as it was
    assertThat(b.specHash()).isNotBlank();
    // and the migrated document, written again, is today's and reads back the same
    String again = b.write();
    assertThat(again).startsWith("{\"version\":7,").doesNotContain("exitRequested");
    assertThat(
            Bookkeeping.of(BookkeepingTest.withMemo(new String(again), incarnation, nextRetryAt)))
        .isEqualTo(b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("versions")
  void everyMemberTheMigrationKeepsReadsAsTheOldDocumentSaidIt(String resource) throws IOException {
    String old = read(resource);
    var tree = Bookkeeping.JSON.readTree(old);

    Bookkeeping b = Bookkeeping.of(BookkeepingTest.withMemo(old, 1, null));

    assertThat(b.systemGeneration()).isEqualTo(tree.path("systemGeneration").asLong());
    assertThat(b.backoffStreak()).isEqualTo(tree.path("backoffStreak").asInt());
    assertThat(b.provisionedGeneration()).isEqualTo(tree.path("provisionedGeneration").asLong());
    assertThat(b.processIncarnation()).isEqualTo(tree.path("processIncarnation").asLong());
    assertThat(b.specHash()).isEqualTo(tree.path("specHash").asString());
    String shutdown = tree.path("hostShutdown").asString(null);
    assertThat(b.hostShutdown())
        .isEqualTo(shutdown == null ? null : HostShutdownAction.valueOf(shutdown));
  }

  private static String read(String resource) throws IOException {
    try (InputStream in =
        BookkeepingMigrationTest.class.getResourceAsStream("bookkeeping/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
