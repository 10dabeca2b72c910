package dev.hcsorchestrator.host.simulated;

import static dev.hcsorchestrator.host.simulated.Documents.CONTAINER;
import static dev.hcsorchestrator.host.simulated.Documents.VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.web.ContractMockMvc;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator control endpoints over a real simulated host, each answer (errors as the service's
 * problem details) checked against the committed OpenAPI document.
 */
class SimulatorControllerTest {

  @TempDir Path dir;
  private SimulatedComputeCore core;
  private SimulatorFaults faults;
  private MockMvc mvc;
  private final List<HcsEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    faults = new SimulatorFaults();
    core = new SimulatedComputeCore(dir, faults, SimulatorSettings.none());
    core.setEventListener(events::add);
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    beans.registerSingleton("core", core);
    beans.registerSingleton("faults", faults);
    mvc =
        ContractMockMvc.of(
            new SimulatorController(
                beans.getBeanProvider(SimulatedComputeCore.class),
                beans.getBeanProvider(SimulatorFaults.class)));
  }

  @AfterEach
  void tearDown() {
    core.close();
  }

  private String state(String id) {
    return JsonMapper.builder()
        .build()
        .readTree(core.getComputeSystemProperties(id, null))
        .path("State")
        .asString();
  }

  @Test
  void exitStopsTheSystemWithTheGivenExitType() throws Exception {
    core.createComputeSystem("a", VM);
    core.startComputeSystem("a", null);

    mvc.perform(
            post("/api/v1/simulator/compute-systems/a/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitType\":\"UnexpectedExit\",\"exitCode\":0}"))
        .andExpect(status().isNoContent());

    org.awaitility.Awaitility.await().until(() -> !events.isEmpty());
    assertThat(events.get(0).eventData()).contains("\"ExitType\":\"UnexpectedExit\"");
    mvc.perform(
            post("/api/v1/simulator/compute-systems/a/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitType\":\"GracefulExit\"}"))
        .andExpect(status().isNotFound());
  }

  @Test
  void invalidExitBodyIsABadRequest() throws Exception {
    core.createComputeSystem("a", VM);
    mvc.perform(
            post("/api/v1/simulator/compute-systems/a/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitType\":\"Sleep\"}"))
        .andExpect(status().isBadRequest());
    mvc.perform(
            post("/api/v1/simulator/compute-systems/a/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitType\":"))
        .andExpect(status().isBadRequest());
    assertThat(state("a")).isEqualTo("Created");
  }

  @Test
  void pauseBehindTheBack() throws Exception {
    core.createComputeSystem("a", VM);
    mvc.perform(post("/api/v1/simulator/compute-systems/a/pause")).andExpect(status().isConflict());
    core.startComputeSystem("a", null);
    mvc.perform(post("/api/v1/simulator/compute-systems/a/pause"))
        .andExpect(status().isNoContent());
    assertThat(state("a")).isEqualTo("Paused");
    mvc.perform(post("/api/v1/simulator/compute-systems/b/pause")).andExpect(status().isNotFound());
  }

  @Test
  void foreignSystemAppearsAndIsListed() throws Exception {
    mvc.perform(
            post("/api/v1/simulator/compute-systems")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"f1\",\"owner\":\"docker\",\"systemType\":\"Container\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.state").value("Running"));
    mvc.perform(
            post("/api/v1/simulator/compute-systems")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"f1\",\"owner\":\"docker\",\"systemType\":\"Container\"}"))
        .andExpect(status().isConflict());
    mvc.perform(
            post("/api/v1/simulator/compute-systems")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"f2\",\"systemType\":\"Toaster\"}"))
        .andExpect(status().isBadRequest());

    mvc.perform(get("/api/v1/simulator/compute-systems"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value("f1"))
        .andExpect(jsonPath("$[0].owner").value("docker"))
        .andExpect(jsonPath("$[0].systemType").value("Container"));
  }

  @Test
  void faultsFailTheNextCallsUntilCleared() throws Exception {
    mvc.perform(
            post("/api/v1/simulator/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"operation\":\"Create\",\"hresult\":\"0x80370118\",\"count\":2}"))
        .andExpect(status().isNoContent());
    mvc.perform(get("/api/v1/simulator/faults")).andExpect(jsonPath("$.Create").value(2));

    assertThatThrownBy(() -> core.createComputeSystem("a", VM))
        .isInstanceOfSatisfying(
            HcsException.class,
            e -> assertThat(e.hresult()).isEqualTo(HResults.HCS_E_OPERATION_TIMEOUT));
    mvc.perform(delete("/api/v1/simulator/faults")).andExpect(status().isNoContent());
    core.createComputeSystem("a", VM);

    mvc.perform(
            post("/api/v1/simulator/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"operation\":\"Reboot\",\"hresult\":\"0x80370118\"}"))
        .andExpect(status().isBadRequest());
    mvc.perform(
            post("/api/v1/simulator/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"operation\":\"Start\",\"hresult\":\"banana\"}"))
        .andExpect(status().isBadRequest());
    mvc.perform(
            post("/api/v1/simulator/faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"operation\":\"Start\",\"hresult\":\"0x80370118\",\"count\":0}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void processExitEndsAContainerWorkloadWithItsCode() throws Exception {
    core.createComputeSystem("c", CONTAINER);
    core.startComputeSystem("c", null);
    int pid = core.createProcess("c", "{\"CommandLine\":\"cmd\"}");

    mvc.perform(
            post("/api/v1/simulator/compute-systems/c/processes/" + pid + "/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitCode\":42}"))
        .andExpect(status().isNoContent());

    org.awaitility.Awaitility.await().until(() -> !events.isEmpty());
    assertThat(events.get(0).eventData()).contains("\"ExitCode\":42");
    mvc.perform(
            post("/api/v1/simulator/compute-systems/c/processes/" + pid + "/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitCode\":1}"))
        .andExpect(status().isNotFound());
    mvc.perform(
            post("/api/v1/simulator/compute-systems/c/processes/" + pid + "/exit")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void execResultIsTheExitCodeOfLaterProcessesBesideTheWorkload() throws Exception {
    core.createComputeSystem("c", CONTAINER);
    core.startComputeSystem("c", null);
    core.createProcess("c", "{\"CommandLine\":\"cmd\"}");

    mvc.perform(
            post("/api/v1/simulator/compute-systems/c/exec-result")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"exitCode\":3}"))
        .andExpect(status().isNoContent());
    core.createProcess("c", "{\"CommandLine\":\"ping\"}");

    org.awaitility.Awaitility.await()
        .until(() -> events.stream().anyMatch(e -> e.eventData().contains("\"ExitCode\":3")));
    assertThat(state("c")).isEqualTo("Running");
  }
}
