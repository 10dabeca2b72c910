package dev.hcsorchestrator.definition;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the connection pool that a connection whose embedded H2 database was closed under it is
 * broken. H2 closes its database when a write fails (a full disk, say); its connections then answer
 * every statement with "The database has been closed" but still call themselves valid, so the pool
 * would hand them out for good. Evicted, they are replaced by new connections, which open the
 * database again from its file: reads go on, and writes once there is space again. Public and with
 * a public constructor: Hikari makes it by name ({@code
 * spring.datasource.hikari.exception-override-class-name}).
 */
public class ClosedDatabaseEviction implements SQLExceptionOverride {

  /** H2's {@code ErrorCode.DATABASE_IS_CLOSED}. */
  static final int H2_DATABASE_IS_CLOSED = 90098;

  @java.lang.Override // the interface's nested enum Override hides the annotation's simple name
  public Override adjudicate(SQLException e) {
    return e.getErrorCode() == H2_DATABASE_IS_CLOSED
        ? Override.MUST_EVICT
        : Override.CONTINUE_EVICT;
  }
}
