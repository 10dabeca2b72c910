package dev.hcsorchestrator.definition;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of a definition's history; ids grow, so id order is time order. */
@Entity
@Table(name = "definition_event")
class EventEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "definition_id", nullable = false, updatable = false)
  private UUID definitionId;

  @Column(nullable = false, updatable = false)
  private Instant at;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private EventType type;

  @Column(updatable = false, length = 4000)
  private String message;

  @Column(name = "compute_system_id", updatable = false)
  private String computeSystemId;

  @Column(updatable = false)
  private Long incarnation;

  protected EventEntity() {}

  DefinitionEvent toEvent() {
    return new DefinitionEvent(at, type, message, computeSystemId, incarnation);
  }
}
