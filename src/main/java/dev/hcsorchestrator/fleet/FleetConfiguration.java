package dev.hcsorchestrator.fleet;

import dev.hcsorchestrator.config.FleetProperties;
import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.definition.DefinitionPlacements;
import dev.hcsorchestrator.definition.DefinitionStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A host that reconciles is a host of the fleet: it registers, holds its lease, schedules, and its
 * reconciler sees only what is assigned to it. With {@code hcs.reconcile.enabled=false} (tests of
 * other modules) none of it runs and the store is the plain one; the hosts API still answers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hcs.reconcile.enabled", havingValue = "true", matchIfMissing = true)
class FleetConfiguration {

  /** The definition module's store bean, which the reconciler's filtered view wraps. */
  static final String PLAIN_STORE = "jpaDefinitionStore";

  @Bean
  @Primary
  AssignedDefinitions assignedDefinitions(
      @Qualifier(PLAIN_STORE) DefinitionStore all, FleetProperties fleet) {
    return new AssignedDefinitions(all, fleet.resolvedHostName());
  }

  @Bean
  FleetAgent fleetAgent(
      FleetProperties fleet,
      HcsProperties hcs,
      JdbcClient jdbc,
      DefinitionPlacements placements,
      @Qualifier(PLAIN_STORE) DefinitionStore all,
      AssignedDefinitions view,
      PlatformTransactionManager transactions,
      ApplicationEventPublisher events,
      MeterRegistry meters) {
    HostRows hosts = new HostRows(jdbc);
    TransactionTemplate tx = new TransactionTemplate(transactions);
    String self = fleet.resolvedHostName();
    FleetScheduler scheduler = new FleetScheduler(self, hosts, placements, tx);
    return new FleetAgent(
        fleet,
        HostCapacity.of(fleet, hcs.host().mode()),
        hosts,
        scheduler,
        placements,
        all,
        view,
        new FleetFailover(hosts, placements, tx, fleet.failoverAfter()),
        new FleetDrain(self, placements, all, view, hcs.reconcile().maxConcurrentStarts()),
        events,
        meters);
  }
}
