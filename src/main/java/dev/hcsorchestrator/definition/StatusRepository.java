package dev.hcsorchestrator.definition;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface StatusRepository extends JpaRepository<StatusEntity, UUID> {

  /** One statement instead of load, dirty check and update; 0 when the row is gone. */
  @Modifying(flushAutomatically = true)
  @Query(
      "update StatusEntity s set s.phase = :phase, s.statusJson = :json, s.memoJson = :memo"
          + " where s.definitionId = :id")
  int overwrite(
      @Param("id") UUID id,
      @Param("phase") Phase phase,
      @Param("json") String json,
      @Param("memo") String memo);

  /** The same, only while the definition is assigned to {@code host}; 0 when it is not. */
  @Modifying(flushAutomatically = true)
  @Query(
      "update StatusEntity s set s.phase = :phase, s.statusJson = :json, s.memoJson = :memo"
          + " where s.definitionId = :id and s.host = :host")
  int overwriteAssigned(
      @Param("id") UUID id,
      @Param("phase") Phase phase,
      @Param("json") String json,
      @Param("memo") String memo,
      @Param("host") String host);
}
