package dev.hcsorchestrator.definition;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A declared network. */
@Entity
@Table(name = "network")
class NetworkEntity {

  @Id private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Network.NetworkType type;

  private String subnet;

  private String gateway;

  @Version private long version;

  protected NetworkEntity() {}

  NetworkEntity(String name) {
    this.name = name;
  }

  void set(Network network) {
    this.type = network.type();
    this.subnet = network.subnet();
    this.gateway = network.gateway();
  }

  String getName() {
    return name;
  }

  Network toNetwork() {
    return new Network(name, type, subnet, gateway);
  }
}
