package dev.hcsorchestrator;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A PostgreSQL server of its own that a test stops and starts again on the same data and port: a
 * real database outage, unlike {@link TestPostgres}'s shared server. As root it is the
 * distribution's PostgreSQL run as the {@code postgres} user (PostgreSQL refuses root), as another
 * user zonky's embedded one with a kept data directory. Stopped and removed with the JVM.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final Path dir;
  private final int port;
  private Process server; // root: the watchdog shell of the running server
  private EmbeddedPostgres embedded; // otherwise

  private RestartablePostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** A new cluster, running, with one empty database {@code hcs}. */
  public static RestartablePostgres create() {
    try {
      Path dir = Files.createTempDirectory("hcs-outage-pg-");
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      RestartablePostgres pg = new RestartablePostgres(dir, port);
      if (root()) {
        run(List.of("chown", "postgres:postgres", dir.toString()));
        run(
            asPostgres(
                binaries().resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8"));
      }
      pg.start();
      try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", "")) {
        c.createStatement().execute("create database hcs");
      }
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close));
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database", e);
    }
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Starts the server on its data and port and waits until it accepts connections. */
  public synchronized void start() {
    try {
      if (root()) {
        // a watchdog shell stops the server when this JVM is gone, even after a kill -9
        String script =
            "\"$0\" \"$@\" & p=$!; trap 'kill -INT $p; wait $p; exit 0' TERM INT; "
                + "while [ -d /proc/"
                + ProcessHandle.current().pid()
                + " ] && kill -0 $p 2>/dev/null; do sleep 1; done; kill -INT $p 2>/dev/null; wait $p";
        List<String> command = new ArrayList<>(asPostgres("sh", "-c", script));
        command.addAll(
            List.of(
                binaries().resolve("postgres").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-p",
                Integer.toString(port),
                "-k",
                dir.toString(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off"));
        server =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
      } else {
        embedded =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Awaitility.await("PostgreSQL accepting connections")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(this::accepts);
  }

  /** Stops the server (fast shutdown: open connections are closed) and waits until it is gone. */
  public synchronized void stop() {
    try {
      if (server != null) {
        server.destroy(); // SIGTERM to the watchdog: it interrupts the server and waits for it
        server.waitFor();
        server = null;
      }
      if (embedded != null) {
        embedded.close();
        embedded = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the server and removes its data. */
  @Override
  public synchronized void close() {
    stop();
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary folder; what is left goes with the machine's cleanup
      }
    }
  }

  private boolean accepts() {
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static Path binaries() throws IOException {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .filter(v -> v.getFileName().toString().matches("\\d+"))
          .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
          .map(v -> v.resolve("bin"))
          .orElseThrow(
              () -> new IOException("as root, PostgreSQL is needed in /usr/lib/postgresql"));
    }
  }

  private static List<String> asPostgres(String... command) {
    return Stream.concat(
            Stream.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"),
            Stream.of(command))
        .toList();
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IOException(command + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
