package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.DefinitionStatus;
import dev.hcsorchestrator.host.ScratchVolume;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookkeepingTest {

  /** A memo as migration V3 writes it from a row of the old schema (see MemoMigrationTest). */
  static final String MIGRATED =
      "{\"version\":1,\"systemGeneration\":2,\"backoffStreak\":1,"
          + "\"runningSince\":\"2026-11-29T01:02:03.123456Z\","
          + "\"savedStateFile\":\"C:\\\\data\\\\{odd}\\\\saved-2.vmrs\","
          + "\"observedStartRequests\":1,\"observedRestartRequests\":0,\"stopRequestedAt\":null,"
          + "\"exitRequested\":false,\"startedIncarnation\":3,\"specHash\":\"abc\","
          + "\"holdGeneration\":0,\"exitHandledIncarnation\":2,\"restartPending\":false,"
          + "\"processIncarnation\":0,\"provisionedGeneration\":2,\"restoredFrom\":null}";

  @Test
  void aMigratedVersionOneDocumentReadsAsTheOldMemoWithNothingRecorded() {
    Bookkeeping b = Bookkeeping.read(MIGRATED);

    assertThat(b)
        .isEqualTo(
            new Bookkeeping(
                1,
                2,
                1,
                Instant.parse("2026-11-29T01:02:03.123456Z"),
                "C:\\data\\{odd}\\saved-2.vmrs",
                1,
                0,
                null,
                false,
                3,
                "abc",
                0,
                2,
                false,
                0,
                2,
                null,
                null,
                null,
                0,
                null,
                null,
                null));
    assertThat(b.made()).isNull();
    assertThat(b.made(Dependents.DISK)).isEmpty();
  }

  @Test
  void aWrittenDocumentIsVersionedAndReadsBackEqual() {
    TreeMap<String, List<String>> made = new TreeMap<>();
    made.put(Dependents.DISK, List.of("/b.vhdx", "/a.vhdx"));
    Bookkeeping b =
        new Bookkeeping(
            Bookkeeping.VERSION,
            1,
            2,
            null,
            "/s",
            3,
            4,
            null,
            true,
            3,
            "h",
            1,
            4,
            true,
            4,
            1,
            "x",
            made,
            null,
            2,
            new TreeMap<>(Map.of("ep-1", "172.30.0.5")),
            new ScratchVolume(
                "\\\\?\\Volume{1}\\", List.of(new ScratchVolume.LayerId("id", "/layers/base"))),
            List.of("/defs/1/scratch-a"));

    String doc = b.write();

    assertThat(doc).startsWith("{\"version\":" + Bookkeeping.VERSION + ",");
    assertThat(Bookkeeping.read(doc)).isEqualTo(b);
    assertThat(Bookkeeping.read(doc).made(Dependents.DISK)).containsExactly("/a.vhdx", "/b.vhdx");
    assertThat(Bookkeeping.read(doc).endpointAddresses()).containsEntry("ep-1", "172.30.0.5");
    assertThat(Bookkeeping.read(doc).scratchVolume().layers())
        .containsExactly(new ScratchVolume.LayerId("id", "/layers/base"));
  }

  @Test
  void aStatusWithoutADocumentHasEmptyBookkeepingWithNothingMade() {
    assertThat(Bookkeeping.of(DefinitionStatus.pending())).isEqualTo(Bookkeeping.EMPTY);
    assertThat(Bookkeeping.EMPTY.made()).isEmpty();
  }

  /** A version 5 document of a container: the old code left its scratch mounted and filtered. */
  private static String versionFive(String scratchVolume) {
    return "{\"version\":5,\"systemGeneration\":1,\"startedIncarnation\":2,"
        + "\"made\":{\"scratch\":[\"/defs/1/scratch-b\",\"/defs/1/scratch-a\"]},"
        + "\"scratchVolume\":"
        + scratchVolume
        + "}";
  }

  @Test
  void aVersionFiveDocumentShowingAScratchVolumeReadsAsEveryRecordedScratchMounted() {
    Bookkeeping b =
        Bookkeeping.read(
            versionFive("{\"volumePath\":\"\\\\\\\\?\\\\Volume{1}\\\\\",\"layers\":[]}"));

    assertThat(b.mountedScratch()).containsExactly("/defs/1/scratch-a", "/defs/1/scratch-b");
  }

  @Test
  void aVersionFiveDocumentWithoutAScratchVolumeReadsAsNothingMounted() {
    assertThat(Bookkeeping.read(versionFive("null")).mountedScratch()).isNull();
  }

  @Test
  void aVersionSixDocumentKeepsWhatItRecordsAsMounted() {
    String doc =
        versionFive("{\"volumePath\":\"v\",\"layers\":[]}")
            .replace("\"version\":5", "\"version\":6");

    assertThat(Bookkeeping.read(doc).mountedScratch()).isNull();
  }
}
