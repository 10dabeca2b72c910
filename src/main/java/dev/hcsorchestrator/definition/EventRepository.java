package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EventRepository extends JpaRepository<EventEntity, Long> {

  @Query("select e from EventEntity e where e.definitionId = :id order by e.id desc")
  List<EventEntity> newestFirst(@Param("id") UUID definitionId, Pageable page);

  long countByDefinitionId(UUID definitionId);

  @Modifying
  @Query("delete from EventEntity e where e.definitionId = :id")
  int deleteAllOf(@Param("id") UUID definitionId);
}
