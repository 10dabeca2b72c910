package dev.hcsorchestrator.definition;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The spec row: what an owner declared. Status lives in {@link StatusEntity}. */
@Entity
@Table(name = "definition")
class DefinitionEntity {

  @Id private UUID id;

  @Column(nullable = false, updatable = false)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private Kind kind;

  @Enumerated(EnumType.STRING)
  @Column(name = "desired_state", nullable = false)
  private DesiredState desiredState;

  @Column(name = "spec_json", nullable = false)
  private String specJson;

  @Column(nullable = false)
  private long generation;

  @Column(nullable = false)
  private boolean deleting;

  @Column(name = "start_requests", nullable = false)
  private long startRequests;

  @Column(name = "restart_requests", nullable = false)
  private long restartRequests;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  // Label pairs in their own table so the list can filter on label=k=v.
  @ElementCollection
  @CollectionTable(name = "definition_label", joinColumns = @JoinColumn(name = "definition_id"))
  @MapKeyColumn(name = "label_key")
  @Column(name = "label_value")
  private Map<String, String> labels = new HashMap<>();

  @ElementCollection
  @CollectionTable(
      name = "definition_network_ref",
      joinColumns = @JoinColumn(name = "definition_id"))
  @Column(name = "network_name")
  private Set<String> networkRefs = new HashSet<>();

  @Version private long version;

  protected DefinitionEntity() {}

  DefinitionEntity(UUID id, String name, Kind kind, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.createdAt = createdAt;
    this.updatedAt = createdAt;
    this.generation = 1;
  }

  UUID getId() {
    return id;
  }

  String getName() {
    return name;
  }

  Kind getKind() {
    return kind;
  }

  DesiredState getDesiredState() {
    return desiredState;
  }

  void setDesiredState(DesiredState desiredState) {
    this.desiredState = desiredState;
  }

  String getSpecJson() {
    return specJson;
  }

  void setSpecJson(String specJson) {
    this.specJson = specJson;
  }

  long getGeneration() {
    return generation;
  }

  void nextGeneration() {
    generation++;
  }

  boolean isDeleting() {
    return deleting;
  }

  void markDeleting() {
    deleting = true;
  }

  long getStartRequests() {
    return startRequests;
  }

  void bumpStartRequests() {
    startRequests++;
  }

  long getRestartRequests() {
    return restartRequests;
  }

  void bumpRestartRequests() {
    restartRequests++;
  }

  Instant getCreatedAt() {
    return createdAt;
  }

  Instant getUpdatedAt() {
    return updatedAt;
  }

  void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }

  Map<String, String> getLabels() {
    return labels;
  }

  Set<String> getNetworkRefs() {
    return networkRefs;
  }
}
