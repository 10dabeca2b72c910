package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DefinitionRepository
    extends JpaRepository<DefinitionEntity, UUID>, JpaSpecificationExecutor<DefinitionEntity> {

  Optional<DefinitionEntity> findByName(String name);

  boolean existsByName(String name);

  @Query("select d.id from DefinitionEntity d order by d.name")
  List<UUID> findAllIds();

  @Query("select count(d) > 0 from DefinitionEntity d join d.networkRefs n where n = :network")
  boolean isNetworkUsed(@Param("network") String network);
}
