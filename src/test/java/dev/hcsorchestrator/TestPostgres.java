package dev.hcsorchestrator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one PostgreSQL server of a test JVM, started on first use and stopped when the JVM exits;
 * every caller gets a database of its own on it. As an ordinary user this is zonky's embedded
 * PostgreSQL (binaries from Maven Central). PostgreSQL refuses to run as root, and zonky has no way
 * to change the user, so as root (containers, CI) the server is the distribution's PostgreSQL
 * ({@code /usr/lib/postgresql/<version>/bin}) run as the {@code postgres} user on loopback. See
 * docs/testing.md.
 */
public final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Server server;

  private TestPostgres() {}

  /** A new, empty database: its JDBC URL (user {@code postgres}, no password). */
  public static synchronized String newDatabase() {
    if (server == null) {
      server = start();
    }
    String name = "hcs_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return server.url(name);
  }

  /** The Spring arguments that point a context at {@code url}. */
  public static List<String> springArguments(String url) {
    return List.of(
        "--spring.datasource.url=" + url,
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=");
  }

  private interface Server {
    String url(String database);
  }

  private static Server start() {
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      return root ? DistributionServer.start() : zonky();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test PostgreSQL", e);
    }
  }

  private static Server zonky() throws IOException {
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (IOException e) {
                    // the JVM is exiting; the temporary cluster goes with zonky's cleanup
                  }
                }));
    return database -> pg.getJdbcUrl("postgres", database);
  }

  /** Debian's PostgreSQL, started as the {@code postgres} user on a free loopback port. */
  private record DistributionServer(int port) implements Server {

    @Override
    public String url(String database) {
      return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    static Server start() throws IOException {
      Path bin = binaries();
      Path dir = Files.createTempDirectory("hcs-test-pg-");
      run(List.of("chown", "postgres:postgres", dir.toString()));
      Path data = dir.resolve("data");
      asPostgres(
          bin.resolve("initdb"),
          "-D",
          data.toString(),
          "-A",
          "trust",
          "-U",
          "postgres",
          "-E",
          "UTF8",
          "--locale=C.UTF-8");
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      // A watchdog shell stops the server when this JVM is gone, even after a kill -9.
      String script =
          "\"$0\" \"$@\" & p=$!; trap 'kill -INT $p; wait $p; exit 0' TERM INT; "
              + "while [ -d /proc/"
              + ProcessHandle.current().pid()
              + " ] && kill -0 $p 2>/dev/null; do sleep 1; done; kill -INT $p 2>/dev/null; wait $p";
      Process process =
          new ProcessBuilder(
                  "setpriv",
                  "--reuid=postgres",
                  "--regid=postgres",
                  "--init-groups",
                  "sh",
                  "-c",
                  script,
                  bin.resolve("postgres").toString(),
                  "-D",
                  data.toString(),
                  "-p",
                  Integer.toString(port),
                  "-k",
                  dir.toString(),
                  "-c",
                  "listen_addresses=127.0.0.1",
                  "-c",
                  "fsync=off",
                  "-c",
                  "synchronous_commit=off",
                  "-c",
                  "full_page_writes=off",
                  "-c",
                  "max_connections=300")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    process.destroy();
                    try {
                      process.waitFor();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      DistributionServer server = new DistributionServer(port);
      awaitAccepting(server, process, dir.resolve("server.log"));
      return server;
    }

    private static Path binaries() throws IOException {
      Path root = Path.of("/usr/lib/postgresql");
      Optional<Path> newest;
      try (Stream<Path> versions = Files.list(root)) {
        newest =
            versions
                .filter(v -> v.getFileName().toString().matches("\\d+"))
                .filter(v -> Integer.parseInt(v.getFileName().toString()) >= 15)
                .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())));
      } catch (IOException e) {
        newest = Optional.empty();
      }
      return newest
          .map(v -> v.resolve("bin"))
          .orElseThrow(
              () ->
                  new IOException(
                      "running as root, the tests need PostgreSQL 15 or later under "
                          + root
                          + " (apt-get install postgresql): PostgreSQL refuses to run as root"));
    }

    private static void asPostgres(Path program, String... args) throws IOException {
      List<String> command =
          Stream.concat(
                  Stream.of(
                      "setpriv",
                      "--reuid=postgres",
                      "--regid=postgres",
                      "--init-groups",
                      program.toString()),
                  Stream.of(args))
              .toList();
      run(command);
    }

    private static void run(List<String> command) throws IOException {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      try {
        if (p.waitFor() != 0) {
          throw new IOException(command.get(0) + " failed: " + output);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    private static void awaitAccepting(DistributionServer server, Process process, Path log)
        throws IOException {
      try {
        Awaitility.await("PostgreSQL accepting connections")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> accepts(server) || !process.isAlive());
      } catch (ConditionTimeoutException e) {
        throw new IOException("PostgreSQL did not start: " + Files.readString(log), e);
      }
      if (!process.isAlive()) {
        throw new IOException("PostgreSQL did not start: " + Files.readString(log));
      }
    }

    private static boolean accepts(DistributionServer server) {
      try (Connection c = DriverManager.getConnection(server.url("postgres"), "postgres", "")) {
        return true;
      } catch (SQLException e) {
        return false;
      }
    }
  }
}
