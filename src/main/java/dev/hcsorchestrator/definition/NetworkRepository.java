package dev.hcsorchestrator.definition;

import org.springframework.data.jpa.repository.JpaRepository;

interface NetworkRepository extends JpaRepository<NetworkEntity, String> {}
