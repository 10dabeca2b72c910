package dev.hcsorchestrator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Readiness while the database answers but cannot write (H2 on a full disk: connections are valid,
 * reads are served, every commit of a write fails): DOWN after a write failed, liveness UP, and UP
 * again once a write succeeds, without a client writing.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hcs.data-dir=./target/it-data/db-writes-${random.uuid}",
      "hcs.host.mode=simulated",
      "hcs.security.tokens[0].name=it",
      "hcs.security.tokens[0].role=operator",
      "hcs.security.tokens[0].value=db-writes-token"
    })
@Import(DatabaseWritesIT.CannotWrite.class)
@DirtiesContext
class DatabaseWritesIT {

  /** While {@code full}, every commit of a connection that is not read-only fails as H2's does. */
  static final class FullDisk extends DelegatingDataSource {
    volatile boolean full;

    FullDisk(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
      return failingCommits(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return failingCommits(super.getConnection(username, password));
    }

    private Connection failingCommits(Connection c) {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (full && method.getName().equals("commit") && !c.isReadOnly()) {
                  c.rollback();
                  throw new SQLException(
                      "IO Exception: Writing to nio:hcs.mv.db failed; File too large", "90028");
                }
                try {
                  return method.invoke(c, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class CannotWrite {
    @Bean
    static BeanPostProcessor fullDisk() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof DataSource ds && !(bean instanceof FullDisk)
              ? new FullDisk(ds)
              : bean;
        }
      };
    }
  }

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readinessIsDownWhileTheDatabaseCannotWriteAndUpOnceItCan() {
    FullDisk disk = (FullDisk) dataSource;
    await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 200);

    disk.full = true;
    int created =
        send(
            HttpRequest.newBuilder(uri("/api/v1/definitions"))
                .header("Authorization", "Bearer db-writes-token")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"name":"on-a-full-disk","kind":"VirtualMachine",
                         "virtualMachine":{"processors":1,"memoryMB":512,
                          "disks":[{"name":"os","sizeGB":8}]}}""")));
    assertThat(created).isGreaterThanOrEqualTo(500);
    await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health/readiness") == 503);
    assertThat(status("/actuator/health/liveness")).isEqualTo(200);
    // reads are still served
    assertThat(
            send(
                HttpRequest.newBuilder(uri("/api/v1/definitions"))
                    .header("Authorization", "Bearer db-writes-token")))
        .isEqualTo(200);

    disk.full = false;
    await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health/readiness") == 200);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private int status(String path) {
    return send(HttpRequest.newBuilder(uri(path)));
  }

  private int send(HttpRequest.Builder request) {
    try {
      return http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
