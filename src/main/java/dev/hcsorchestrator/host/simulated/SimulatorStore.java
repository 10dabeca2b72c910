package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Files of the simulated host: one small JSON file per object, replaced atomically on every change,
 * so a change costs one small write however many objects exist.
 */
final class SimulatorStore {

  private static final Logger log = LoggerFactory.getLogger(SimulatorStore.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record ProcessRecord(int pid, String image, boolean exited, int exitCode) {}

  record SystemRecord(
      String id,
      String owner,
      SystemType type,
      String runtimeId,
      State state,
      String document,
      List<ProcessRecord> processes) {}

  private final Path dir;

  SimulatorStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the simulator directory " + dir, e);
    }
  }

  List<SystemRecord> loadSystems() {
    return load(SystemRecord.class);
  }

  void save(SystemRecord record) throws IOException {
    write(record.id(), record);
  }

  void delete(String key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  <T> List<T> load(Class<T> type) {
    List<T> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        } else if (name.endsWith(".json")) {
          try {
            out.add(JSON.readValue(f.toFile(), type));
          } catch (JacksonException e) {
            log.warn("Simulated host: ignoring unreadable {}: {}", f, e.getOriginalMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the simulator directory " + dir, e);
    }
    return out;
  }

  void write(String key, Object value) throws IOException {
    Path target = file(key);
    Path tmp = dir.resolve(safe(key) + ".json.tmp");
    Files.write(tmp, JSON.writeValueAsBytes(value));
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private Path file(String key) {
    return dir.resolve(safe(key) + ".json");
  }

  /** Ids come from callers: encode them into one file name that names nothing else. */
  private static String safe(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("*", "%2A").replace(".", "%2E");
  }
}
