package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DefinitionCacheTest {

  private final DefinitionCache cache = new DefinitionCache();
  private final UUID id = UUID.randomUUID();

  private Definition definition(long generation, Phase phase) {
    DefinitionSpec spec = SpecBuilder.bare("vm", Kind.VirtualMachine).build();
    DefinitionStatus status =
        new DefinitionStatus(phase, 0, null, 0, 0, null, null, null, List.of(), null);
    return new Definition(id, generation, Instant.EPOCH, Instant.EPOCH, false, 0, 0, spec, status);
  }

  @Test
  void aReadStoresWhatItLoadedWhenNothingChangedMeanwhile() {
    long stamp = cache.stamp(id);
    Definition loaded = definition(1, Phase.Pending);

    cache.put(id, stamp, loaded);

    assertThat(cache.get(id)).isSameAs(loaded);
  }

  @Test
  void aReadThatStartedBeforeACommitDoesNotPutBackWhatTheCommitReplaced() {
    cache.put(id, cache.stamp(id), definition(1, Phase.Pending));
    cache.evict(id);
    long stamp = cache.stamp(id); // a read starts, loads generation 1 ...
    cache.evict(id); // ... while generation 2 commits

    cache.put(id, stamp, definition(1, Phase.Pending));

    assertThat(cache.get(id)).isNull();
  }

  @Test
  void aFirstReadRacingTheFirstEvictionStoresNothing() {
    long stamp = cache.stamp(id);
    cache.evict(id);

    cache.put(id, stamp, definition(1, Phase.Pending));

    assertThat(cache.get(id)).isNull();
  }

  @Test
  void aSlowReadDoesNotOverwriteAValueStoredSinceItsStamp() {
    long stamp = cache.stamp(id);
    Definition newer = definition(2, Phase.Running);
    cache.put(id, stamp, newer);

    cache.put(id, stamp, definition(1, Phase.Pending));

    assertThat(cache.get(id)).isSameAs(newer);
  }

  @Test
  void aStatusWriteUpdatesTheCachedDefinitionWhenNothingElseTouchedIt() {
    cache.put(id, cache.stamp(id), definition(1, Phase.Pending));
    Object mark = cache.mark(id);

    cache.replace(id, mark, d -> definition(d.generation(), Phase.Running));

    assertThat(cache.get(id).status().phase()).isEqualTo(Phase.Running);
    assertThat(cache.get(id).generation()).isEqualTo(1);
  }

  @Test
  void aStatusWriteEvictsWhenAnotherChangeCommittedMeanwhile() {
    cache.put(id, cache.stamp(id), definition(1, Phase.Pending));
    Object mark = cache.mark(id);
    cache.evict(id); // a spec change commits between the status write and its commit hook

    cache.replace(id, mark, d -> definition(d.generation(), Phase.Running));

    assertThat(cache.get(id)).isNull();
  }

  @Test
  void aStatusWriteOnAnUncachedDefinitionLeavesNothingStale() {
    Object mark = cache.mark(id);
    long stamp = cache.stamp(id); // a read loads the old status ...

    cache.replace(id, mark, d -> definition(d.generation(), Phase.Running));
    cache.put(id, stamp, definition(1, Phase.Pending)); // ... and finishes after the commit

    assertThat(cache.get(id)).isNull();
  }
}
