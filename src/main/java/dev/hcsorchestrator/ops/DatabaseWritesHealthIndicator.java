package dev.hcsorchestrator.ops;

import dev.hcsorchestrator.definition.DatabaseWrites;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while the database does not take writes (a write failed and no write succeeded since);
 * readiness as {@code databaseWrites}. The {@code db} check only asks for a valid connection, which
 * an embedded database that cannot write still gives.
 */
@Component("databaseWritesHealthIndicator")
class DatabaseWritesHealthIndicator implements HealthIndicator {

  private final DatabaseWrites writes;

  DatabaseWritesHealthIndicator(DatabaseWrites writes) {
    this.writes = writes;
  }

  @Override
  public Health health() {
    Optional<DatabaseWrites.Failure> failure = writes.check();
    if (failure.isEmpty()) {
      return Health.up().build();
    }
    return Health.down()
        .withDetail("lastFailure", failure.get().at().toString())
        .withDetail("cause", failure.get().cause())
        .build();
  }
}
