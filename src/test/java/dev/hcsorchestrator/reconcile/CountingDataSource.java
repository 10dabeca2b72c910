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
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source that counts the statements executed through it and the rows they touched (rows read
 * from result sets plus update counts), whatever issued them: JPA, Spring Data or plain JDBC.
 */
final class CountingDataSource extends DelegatingDataSource {

  /** What was counted, at one moment. */
  record Work(long statements, long rows) {
    Work minus(Work earlier) {
      return new Work(statements - earlier.statements, rows - earlier.rows);
    }
  }

  private final LongAdder statements = new LongAdder();
  private final LongAdder rows = new LongAdder();

  CountingDataSource(DataSource target) {
    super(target);
  }

  Work work() {
    return new Work(statements.sum(), rows.sum());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(super.getConnection(), Connection.class);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrap(super.getConnection(username, password), Connection.class);
  }

  /** A proxy of {@code target} as {@code type} that counts what passes through it. */
  private <T> T wrap(T target, Class<? extends T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            CountingDataSource.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> count(method, invoke(target, method, args))));
  }

  private static Class<? extends Statement> statementType(Statement statement) {
    if (statement instanceof CallableStatement) {
      return CallableStatement.class;
    }
    return statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
  }

  private Object count(Method method, Object result) {
    String name = method.getName();
    if (result instanceof Statement s
        && (name.startsWith("prepare") || name.equals("createStatement"))) {
      return wrap(s, statementType(s));
    }
    if (method.getDeclaringClass() == ResultSet.class) {
      if (name.equals("next") && Boolean.TRUE.equals(result)) {
        rows.increment();
      }
      return result;
    }
    if (name.startsWith("execute")) {
      statements.increment();
      if (result instanceof Integer n && n > 0) {
        rows.add(n);
      } else if (result instanceof Long n && n > 0) {
        rows.add(n);
      } else if (result instanceof int[] batch) {
        for (int n : batch) {
          rows.add(Math.max(0, n));
        }
      } else if (result instanceof ResultSet rs) {
        return wrap(rs, ResultSet.class);
      }
    } else if (result instanceof ResultSet rs && name.equals("getResultSet")) {
      return wrap(rs, ResultSet.class);
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
