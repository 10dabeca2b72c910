package dev.hcsorchestrator.definition;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * The status row: what the reconciler recorded. A separate row so a status write never touches the
 * spec row (and its version) and vice versa.
 */
@Entity
@Table(name = "definition_status")
class StatusEntity {

  @Id
  @Column(name = "definition_id")
  private UUID definitionId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Phase phase;

  @Column(name = "status_json", nullable = false)
  private String statusJson;

  /** The reconciler's bookkeeping document, stored as given (see DefinitionStatus#memo). */
  @Column(name = "memo_json")
  private String memoJson;

  /** The fleet host it is assigned to: written only by DefinitionPlacements, never through JPA. */
  @Column(name = "host", insertable = false, updatable = false)
  private String host;

  protected StatusEntity() {}

  StatusEntity(UUID definitionId, Phase phase, String statusJson, String memoJson) {
    this.definitionId = definitionId;
    this.phase = phase;
    this.statusJson = statusJson;
    this.memoJson = memoJson;
  }

  UUID getDefinitionId() {
    return definitionId;
  }

  Phase getPhase() {
    return phase;
  }

  String getStatusJson() {
    return statusJson;
  }

  String getMemoJson() {
    return memoJson;
  }

  String getHost() {
    return host;
  }

  void set(Phase phase, String statusJson, String memoJson) {
    this.phase = phase;
    this.statusJson = statusJson;
    this.memoJson = memoJson;
  }
}
