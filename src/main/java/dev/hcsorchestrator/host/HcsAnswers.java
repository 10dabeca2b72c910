package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsEvent;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.ProcessStatus;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.SystemExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HCS answers read defensively into host vocabulary: a system's properties into an {@link
 * ObservedSystem}, an HCS event into a {@link HostEvent} (null for events nobody acts on).
 */
final class HcsAnswers {

  private static final Logger log = LoggerFactory.getLogger(HcsAnswers.class);

  private HcsAnswers() {}

  static ObservedSystem observed(String requestedId, Properties p) {
    SystemState state;
    if (p.state() != null) {
      state = SystemState.valueOf(p.state().name());
    } else if (Boolean.TRUE.equals(p.stopped())) {
      // After an exit HCS may answer only Stopped and ExitType.
      state = SystemState.Stopped;
    } else {
      state = SystemState.Unknown;
    }
    SystemType type = p.systemType() == null ? null : SystemType.valueOf(p.systemType().name());
    return new ObservedSystem(p.id() != null ? p.id() : requestedId, p.owner(), type, state);
  }

  static HostEvent translate(HcsEvent event) {
    switch (event.type()) {
      case HcsEvent.SYSTEM_EXITED -> {
        HostExitType type = HostExitType.Unknown;
        int status = 0;
        SystemExitStatus exit = readOrNull(event.eventData(), SystemExitStatus.class);
        if (exit != null) {
          type = exitType(exit.exitType());
          status = exit.status() == null ? 0 : exit.status();
        }
        return new HostEvent.SystemExited(event.systemId(), type, status);
      }
      case HcsEvent.PROCESS_EXITED -> {
        ProcessStatus ps = readOrNull(event.eventData(), ProcessStatus.class);
        // The exit code is valid only when the wait succeeded (hcsshim reports -1 otherwise).
        int code =
            ps == null
                    || ps.exitCode() == null
                    || (ps.lastWaitResult() != null && ps.lastWaitResult() != HResults.S_OK)
                ? -1
                : (int) ps.exitCode().longValue();
        int pid =
            event.processId() != null
                ? event.processId()
                : ps != null && ps.processId() != null ? (int) ps.processId().longValue() : -1;
        return new HostEvent.ProcessExited(event.systemId(), pid, code);
      }
      case HcsEvent.SERVICE_DISCONNECT -> {
        return new HostEvent.ServiceDisconnected();
      }
      default -> {
        return null;
      }
    }
  }

  private static HostExitType exitType(NotificationType type) {
    if (type == null) {
      return HostExitType.Unknown;
    }
    return switch (type) {
      case GracefulExit -> HostExitType.GracefulExit;
      case ForcedExit -> HostExitType.ForcedExit;
      case UnexpectedExit -> HostExitType.UnexpectedExit;
      case None, Unknown -> HostExitType.Unknown;
    };
  }

  private static <T> T readOrNull(String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return HcsJson.lenient(json, type);
    } catch (RuntimeException e) {
      log.warn("Unreadable HCS event data {}: {}", json, e.toString());
      return null;
    }
  }
}
