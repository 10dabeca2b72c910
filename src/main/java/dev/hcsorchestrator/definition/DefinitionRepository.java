package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface DefinitionRepository
    extends JpaRepository<DefinitionEntity, UUID>, JpaSpecificationExecutor<DefinitionEntity> {

  Optional<DefinitionEntity> findByName(String name);

  // Its own transaction: a write asks it before queueing for the write lock, and a connection
  // held across that wait (as a call outside any transaction would) starves the pool.
  @Transactional(readOnly = true)
  @Query("select d.kind from DefinitionEntity d where d.name = :name")
  Optional<Kind> findKindByName(@Param("name") String name);

  // Declared rather than derived: the reconciler and every create ask these, so keep them one
  // cached statement each.
  @Query("select count(d) > 0 from DefinitionEntity d where d.name = :name")
  boolean existsByName(@Param("name") String name);

  @Query("select count(d) > 0 from DefinitionEntity d where d.id = :id")
  boolean idExists(@Param("id") UUID id);

  /** The spec row with its status row (null when missing), in one statement. */
  @Query(
      "select d, s from DefinitionEntity d left join StatusEntity s on s.definitionId = d.id"
          + " where d.id = :id")
  List<Object[]> findWithStatus(@Param("id") UUID id);

  @Query("select d.id from DefinitionEntity d order by d.name")
  List<UUID> findAllIds();

  /** The definitions whose adapters name the network, by name. */
  @Query(
      "select d.name from DefinitionEntity d join d.networkRefs n where n = :network"
          + " order by d.name")
  List<String> namesUsingNetwork(@Param("network") String network);

  /** Every network some stored definition's adapters name, whatever host it is assigned to. */
  @Query("select distinct n from DefinitionEntity d join d.networkRefs n")
  List<String> networksInUse();
}
