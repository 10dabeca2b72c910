package dev.hcsorchestrator.ops;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** External tools of the monitoring tests: skipped with a message locally, required on CI. */
final class Tools {

  private Tools() {}

  /** The tool on the PATH; aborts the test (fails it when {@code CI=true}) when absent. */
  static Path require(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        tool + " is not on the PATH (Debian: apt-get install prometheus); the test needs it";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " and CI=true");
    }
    Assumptions.abort(message);
    return null;
  }
}
