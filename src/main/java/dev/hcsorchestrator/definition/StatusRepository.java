package dev.hcsorchestrator.definition;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface StatusRepository extends JpaRepository<StatusEntity, UUID> {}
