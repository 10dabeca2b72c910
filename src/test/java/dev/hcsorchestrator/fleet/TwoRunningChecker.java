package dev.hcsorchestrator.fleet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls every live simulated host of a test, straight from the compute systems each keeps under its
 * data directory, and records each moment at which one definition has a compute system on two
 * hosts. A failover definition's files are in {@code <shared root>/<definition id>/}, which every
 * VM document names, so a system is told to belong to a definition without asking any service.
 */
final class TwoRunningChecker implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern OWNED =
      Pattern.compile("owned[/\\\\]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

  private final Supplier<List<FleetProcess>> hosts;
  private final List<String> violations = new ArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "two-running-checker");
            t.setDaemon(true);
            return t;
          });
  private volatile long polls;

  TwoRunningChecker(Supplier<List<FleetProcess>> hosts) {
    this.hosts = hosts;
    thread.scheduleWithFixedDelay(this::poll, 0, 100, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    pollOnce();
    polls++;
  }

  private void pollOnce() {
    Map<String, Set<String>> hostsOf = new HashMap<>();
    for (FleetProcess h : hosts.get()) {
      if (!h.booted()) {
        // a dead host runs nothing (its simulated host died with it); a booting one has not yet
        // restored, or dropped, the systems it kept on disk
        continue;
      }
      for (String definition : running(h.dataDir.resolve("data/simulator/systems"))) {
        hostsOf.computeIfAbsent(definition, k -> new HashSet<>()).add(h.name);
      }
    }
    hostsOf.forEach(
        (definition, on) -> {
          if (on.size() > 1) {
            synchronized (violations) {
              violations.add(definition + " on " + on + " at " + java.time.Instant.now());
            }
          }
        });
  }

  private static List<String> running(Path dir) {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          JsonNode record = JSON.readTree(Files.readString(f));
          if ("Stopped".equals(record.path("state").asString(""))) {
            continue;
          }
          Matcher m = OWNED.matcher(record.path("document").asString(""));
          if (m.find()) {
            found.add(m.group(1));
          }
        } catch (NoSuchFileException e) {
          // removed while listed: the system is gone
        } catch (IOException | RuntimeException e) {
          // replaced while read: the next poll sees it
        }
      }
    } catch (IOException e) {
      // no systems folder yet
    }
    return found;
  }

  long polls() {
    return polls;
  }

  List<String> violations() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
  }
}
