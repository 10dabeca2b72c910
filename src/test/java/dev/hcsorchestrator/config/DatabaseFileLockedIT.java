package dev.hcsorchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hcsorchestrator.HcsOrchestratorApplication;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.SpecBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The H2 file held by another process (a second service on the same data folder, a backup tool
 * holding it open): the start stops with H2's own message naming the lock, and once the file is
 * free the next start finds everything stored before, intact.
 */
class DatabaseFileLockedIT {

  private static ConfigurableApplicationContext start(Path dataDir) {
    return new SpringApplicationBuilder(HcsOrchestratorApplication.class)
        .run(
            "--hcs.data-dir=" + dataDir,
            "--hcs.host.mode=simulated",
            "--hcs.reconcile.enabled=false",
            "--server.port=0");
  }

  @Test
  void aLockedDatabaseFileStopsTheStartClearlyAndCorruptsNothing() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dataDir =
        Files.createTempDirectory(Path.of("target").toAbsolutePath(), "db-locked-it-")
            .resolve("data");
    try (ConfigurableApplicationContext first = start(dataDir)) {
      first.getBean(Definitions.class).create(vm("kept"));
    }

    // another process (H2's own shell, as an operator's tool would) holds the file open
    Process holder = holdOpen(dataDir.resolve("hcs"));
    try {
      assertThatThrownBy(() -> start(dataDir).close())
          .satisfies(
              e ->
                  assertThat(causes(e))
                      .anyMatch(m -> m != null && m.contains("Database may be already in use")));
    } finally {
      holder.destroy();
      holder.waitFor(30, TimeUnit.SECONDS);
    }

    try (ConfigurableApplicationContext again = start(dataDir)) {
      Definitions definitions = again.getBean(Definitions.class);
      assertThat(definitions.find("kept")).isPresent();
      definitions.create(vm("after"));
      assertThat(definitions.find("after")).isPresent();
    }
  }

  /**
   * Starts H2's shell in another JVM on the database and waits for its prompt, which it shows only
   * once it holds the database open. (Probing with connections of our own would race it: a probe
   * holds the file while it opens and compacts it, and a shell that starts then gives up.) A shell
   * that finds the file still held, as it is for a moment after the first service closed it, is
   * started again.
   */
  private static Process holdOpen(Path database) throws Exception {
    AtomicReference<Process> holder = new AtomicReference<>();
    List<String> refusals = new ArrayList<>();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .failFast(() -> assertThat(refusals).as("the shell's refusals").hasSizeLessThan(20))
        .until(
            () -> {
              Process p = startShell(database);
              StringBuffer output = read(p);
              // the prompt, or the shell's end: waitFor blocks, it does not sleep
              while (output.indexOf("sql>") < 0 && !p.waitFor(100, TimeUnit.MILLISECONDS)) {}
              if (output.indexOf("sql>") >= 0) {
                holder.set(p);
                return true;
              }
              refusals.add(output.toString());
              return false;
            });
    return holder.get();
  }

  private static Process startShell(Path database) throws Exception {
    String h2 =
        Path.of(Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            h2,
            "org.h2.tools.Shell",
            "-url",
            "jdbc:h2:file:" + database + ";AUTO_SERVER=FALSE",
            "-user",
            "sa",
            "-password",
            "")
        .redirectErrorStream(true)
        .start();
  }

  private static StringBuffer read(Process p) {
    StringBuffer output = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = p.getInputStream()) {
                byte[] buffer = new byte[1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                  output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (IOException e) {
                // the shell is gone: the caller sees it end
              }
            });
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  private static List<String> causes(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null && messages.size() < 50; t = t.getCause()) {
      messages.add(t.getMessage());
    }
    return messages;
  }

  private static DefinitionSpec vm(String name) {
    return SpecBuilder.bare(name, Kind.VirtualMachine)
        .labels(Map.of())
        .virtualMachine(1, 512L, SpecBuilder.disk("d", 1))
        .build();
  }
}
