package dev.hcsorchestrator.service;

/**
 * One {@code SERVICE_STATUS} as the service reports it to the SCM (winsvc.h values): {@code state}
 * is one of the {@code SERVICE_*} states of {@link ServiceControls}, {@code controlsAccepted} a
 * mask of {@code SERVICE_ACCEPT_*}, {@code waitHintMillis} and {@code checkPoint} only meaningful
 * while pending.
 */
public record ServiceStatus(
    int state,
    int controlsAccepted,
    int win32ExitCode,
    int serviceSpecificExitCode,
    int checkPoint,
    int waitHintMillis) {

  public boolean pending() {
    return state == ServiceControls.START_PENDING || state == ServiceControls.STOP_PENDING;
  }
}
