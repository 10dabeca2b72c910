package dev.hcsorchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Windows workflow (.github/workflows/windows.yml) is valid YAML of the shape GitHub Actions
 * runs, on the hosted Windows Server 2022 image, and runs the windows-hcs profile the pom defines
 * with the Windows wrapper, in shells that image has, with Windows paths.
 */
class WindowsWorkflowTest {

  private static final Path WORKFLOW = Path.of(".github", "workflows", "windows.yml");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> workflow() throws IOException {
    Object parsed =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(WORKFLOW));
    assertThat(parsed).isInstanceOf(Map.class);
    return (Map<String, Object>) parsed;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> workflow) {
    Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
    assertThat(jobs).containsOnlyKeys("windows-hcs");
    Map<String, Object> job = (Map<String, Object>) jobs.get("windows-hcs");
    assertThat(job.get("runs-on")).isEqualTo("windows-2022");
    return (List<Map<String, Object>>) job.get("steps");
  }

  @Test
  void theWorkflowRunsTheWindowsHcsProfileOnAHostedWindowsServer2022Runner() throws IOException {
    Map<String, Object> workflow = workflow();
    // YAML 1.1 reads the key "on" as true
    assertThat(workflow).containsKeys("name", "jobs");
    assertThat(workflow.containsKey(true) || workflow.containsKey("on")).as("an 'on' key").isTrue();

    List<Map<String, Object>> steps = steps(workflow);
    List<String> runs =
        steps.stream().filter(s -> s.containsKey("run")).map(s -> (String) s.get("run")).toList();
    assertThat(runs).contains("mvnw.cmd -B verify -Pwindows-hcs");
    assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>windows-hcs</id>");
    assertThat(Path.of("mvnw.cmd")).isRegularFile();
  }

  @Test
  void everyStepUsesAShellOrActionOfTheWindowsImageAndWindowsPaths() throws IOException {
    for (Map<String, Object> step : steps(workflow())) {
      if (step.containsKey("run")) {
        assertThat(step.get("shell")).as("%s", step).isIn("pwsh", "cmd");
        String run = (String) step.get("run");
        assertThat(run).doesNotContain("./mvnw ").doesNotContain("sudo ").doesNotContain("apt-get");
      } else {
        assertThat((String) step.get("uses"))
            .matches("actions/(checkout|setup-java|upload-artifact)@v\\d+");
      }
      Object with = step.get("with");
      if (with instanceof Map<?, ?> inputs && inputs.get("path") instanceof String path) {
        assertThat(path).doesNotContain("/").contains("\\");
      }
    }
  }
}
