package dev.hcsorchestrator.reconcile;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source that counts the statements executed through it, the rows they touched (rows read
 * from result sets plus update counts) and the commits of transactions that changed rows, whatever
 * issued them: JPA, Spring Data or plain JDBC.
 */
final class CountingDataSource extends DelegatingDataSource {

  /** What was counted, at one moment. */
  record Work(long statements, long rows, long commits) {
    Work minus(Work earlier) {
      return new Work(
          statements - earlier.statements, rows - earlier.rows, commits - earlier.commits);
    }
  }

  private final LongAdder statements = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder commits = new LongAdder();
  // the same, issued by the fleet's threads (scheduling, lease, fence check)
  private final LongAdder fleetStatements = new LongAdder();
  private final LongAdder fleetRows = new LongAdder();
  private final LongAdder fleetCommits = new LongAdder();

  CountingDataSource(DataSource target) {
    super(target);
  }

  Work work() {
    return new Work(statements.sum(), rows.sum(), commits.sum());
  }

  /**
   * Without what the fleet's threads issued: their periodic work (a tick, a lease renewal every few
   * seconds) counts by the time a measurement lasts, not by what it does.
   */
  Work workBesideFleet() {
    return new Work(
        statements.sum() - fleetStatements.sum(),
        rows.sum() - fleetRows.sum(),
        commits.sum() - fleetCommits.sum());
  }

  private static boolean onFleetThread() {
    return Thread.currentThread().getName().startsWith("hcs-fleet");
  }

  private void statement() {
    statements.increment();
    if (onFleetThread()) {
      fleetStatements.increment();
    }
  }

  private void rows(long n) {
    rows.add(n);
    if (onFleetThread()) {
      fleetRows.add(n);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(super.getConnection(), Connection.class, new AtomicBoolean());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(super.getConnection(username, password), Connection.class, new AtomicBoolean());
  }

  /**
   * A proxy of {@code target} as {@code type} that counts what passes through it; {@code changed}:
   * whether a statement on its connection changed rows since the last commit or rollback.
   */
  private <T> T wrap(T target, Class<? extends T> type, AtomicBoolean changed) {
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> count(method, invoke(target, method, args), changed)));
  }

  private static Class<? extends Statement> statementType(Statement statement) {
    if (statement instanceof CallableStatement) {
      return CallableStatement.class;
    }
    return statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
  }

  private Object count(Method method, Object result, AtomicBoolean changed) {
    String name = method.getName();
    if (result instanceof Statement s
        && (name.startsWith("prepare") || name.equals("createStatement"))) {
      return wrap(s, statementType(s), changed);
    }
    if (method.getDeclaringClass() == Connection.class
        && (name.equals("commit") || name.equals("rollback"))) {
      if (changed.getAndSet(false) && name.equals("commit")) {
        commits.increment();
        if (onFleetThread()) {
          fleetCommits.increment();
        }
      }
      return result;
    }
    if (method.getDeclaringClass() == ResultSet.class) {
      if (name.equals("next") && Boolean.TRUE.equals(result)) {
        rows.increment();
      }
      return result;
    }
    if (name.startsWith("execute")) {
      statement();
      if (result instanceof Integer n && n > 0) {
        rows(n);
        changed.set(true);
      } else if (result instanceof Long n && n > 0) {
        rows(n);
        changed.set(true);
      } else if (result instanceof int[] batch) {
        for (int n : batch) {
          rows(Math.max(0, n));
          changed.compareAndSet(false, n > 0);
        }
      } else if (result instanceof ResultSet rs) {
        return wrap(rs, ResultSet.class, changed);
      }
    } else if (result instanceof ResultSet rs && name.equals("getResultSet")) {
      return wrap(rs, ResultSet.class, changed);
    }
    return result;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
