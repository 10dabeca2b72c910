package dev.hcsorchestrator.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the database cannot serve now but may again soon (not reachable, no
 * connection free within the pool's wait, the server shutting down, out of resources, an embedded
 * database that cannot write its file or closed after a failed write): the request was refused as a
 * whole, nothing was stored, and the same request may succeed later, so it is answered {@code 503}
 * with {@code Retry-After} rather than {@code 500}.
 */
final class DatabaseUnavailable {

  private DatabaseUnavailable() {}

  static boolean causes(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause()) {
      depth++;
      if (t instanceof CannotCreateTransactionException
          || t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof DataAccessResourceFailureException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql
          && (unavailableState(sql.getSQLState()) || storageFailed(sql))) {
        return true;
      }
    }
    return false;
  }

  /**
   * An embedded database whose file cannot be written (a full disk, a file size limit): H2 answers
   * the first such write with a "General error" over its store's failure over the file system's
   * {@link IOException}, and closes the database; the next connection opens it again.
   */
  private static boolean storageFailed(SQLException sql) {
    int depth = 0;
    for (Throwable t = sql.getCause();
        t != null && depth < 32;
        t = t.getCause() == t ? null : t.getCause()) {
      depth++;
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQLSTATE classes of the SQL standard and PostgreSQL that mean "not now": 08 connection
   * exception, 53 insufficient resources (a full disk, too many connections), 57P01–57P03 the
   * server shutting down or not accepting connections yet.
   */
  private static boolean unavailableState(String state) {
    if (state == null || state.length() != 5) {
      return false;
    }
    return state.startsWith("08")
        || state.startsWith("53")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }
}
