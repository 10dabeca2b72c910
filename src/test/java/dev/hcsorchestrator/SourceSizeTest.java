package dev.hcsorchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Small files: each main source file stays readable at once, the reconciler's core smallest. */
class SourceSizeTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final int MAX_LINES = 400;
  private static final int MAX_RECONCILER_LINES = 250;

  @Test
  void noMainSourceFileIsOverFourHundredLines() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      List<String> over =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> lines(f) > MAX_LINES)
              .map(f -> MAIN.relativize(f) + " (" + lines(f) + " lines)")
              .toList();
      assertThat(over).as("main source files over %d lines", MAX_LINES).isEmpty();
    }
  }

  @Test
  void theReconcilerIsAtMostTwoHundredFiftyLines() {
    Path reconciler = MAIN.resolve("dev/hcsorchestrator/reconcile/Reconciler.java");
    assertThat(lines(reconciler)).isLessThanOrEqualTo(MAX_RECONCILER_LINES);
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new IllegalStateException(file.toString(), e);
    }
  }
}
