package dev.hcsorchestrator.definition;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The status rows; the reconciler's status writes are plain statements ({@link
 * JpaDefinitionStore}).
 */
interface StatusRepository extends JpaRepository<StatusEntity, UUID> {}
