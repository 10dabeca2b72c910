package dev.hcsorchestrator.service;

import static dev.hcsorchestrator.service.ServiceControls.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.service.ServiceControls.Reaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceControlsTest {

  @Test
  void stopStopsTheServiceAloneAndHostShutdownControlsRunTheHostShutdown() {
    assertThat(react(CONTROL_STOP, RUNNING)).isEqualTo(Reaction.STOP_SERVICE);
    assertThat(react(CONTROL_PRESHUTDOWN, RUNNING)).isEqualTo(Reaction.HOST_SHUTDOWN);
    assertThat(react(CONTROL_SHUTDOWN, RUNNING)).isEqualTo(Reaction.HOST_SHUTDOWN);
  }

  @Test
  void aShutdownAfterThePreshutdownOrAStopWhileStoppingOnlyReportsTheStatus() {
    assertThat(react(CONTROL_SHUTDOWN, STOP_PENDING)).isEqualTo(Reaction.REPORT_STATUS);
    assertThat(react(CONTROL_STOP, STOP_PENDING)).isEqualTo(Reaction.REPORT_STATUS);
    assertThat(react(CONTROL_INTERROGATE, RUNNING)).isEqualTo(Reaction.REPORT_STATUS);
    assertThat(answer(Reaction.REPORT_STATUS)).isEqualTo(NO_ERROR);
  }

  @Test
  void unknownControlsAreNotImplemented() {
    assertThat(react(2 /* PAUSE */, RUNNING)).isEqualTo(Reaction.NOT_IMPLEMENTED);
    assertThat(answer(Reaction.NOT_IMPLEMENTED)).isEqualTo(ERROR_CALL_NOT_IMPLEMENTED);
  }

  @Test
  void onlyARunningServiceAcceptsStopShutdownAndPreshutdown() {
    assertThat(accepted(RUNNING)).isEqualTo(0x1 | 0x4 | 0x100);
    assertThat(accepted(START_PENDING)).isZero();
    assertThat(accepted(STOP_PENDING)).isZero();
  }

  @Test
  void aHostShutdownWaitsForTheShutdownTimeoutOnTopOfAStop() {
    Duration tenMinutes = Duration.ofMinutes(10);
    assertThat(stopWaitHint(Reaction.STOP_SERVICE, tenMinutes)).isEqualTo(STOP_WAIT_HINT);
    assertThat(stopWaitHint(Reaction.HOST_SHUTDOWN, tenMinutes)).isEqualTo(Duration.ofSeconds(630));
    assertThat(preshutdownTimeoutMillis(tenMinutes)).isEqualTo(630_000);
  }

  @Test
  void pendingStatesCountCheckPointsAndFinalStatesResetThem() {
    Reporter r = new Reporter();
    assertThat(r.starting()).isEqualTo(new ServiceStatus(START_PENDING, 0, NO_ERROR, 0, 1, 60_000));
    assertThat(r.progress().checkPoint()).isEqualTo(2);
    assertThat(r.running())
        .isEqualTo(new ServiceStatus(RUNNING, accepted(RUNNING), NO_ERROR, 0, 0, 0));
    assertThat(r.progress()).isNull();
    ServiceStatus stopping = r.stopping(Duration.ofSeconds(30));
    assertThat(stopping.state()).isEqualTo(STOP_PENDING);
    assertThat(stopping.checkPoint()).isEqualTo(1);
    assertThat(stopping.waitHintMillis()).isEqualTo(30_000);
    assertThat(r.progress().checkPoint()).isEqualTo(2);
    assertThat(r.stopped()).isEqualTo(new ServiceStatus(STOPPED, 0, NO_ERROR, 0, 0, 0));
  }

  @Test
  void aFailedApplicationStopsWithAServiceSpecificErrorSoRecoveryActionsApply() {
    assertThat(new Reporter().failed())
        .isEqualTo(
            new ServiceStatus(
                STOPPED, 0, ERROR_SERVICE_SPECIFIC_ERROR, EXIT_APPLICATION_FAILED, 0, 0));
  }
}
