package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.OnSimulatedHost;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The simulated host's controls (README.md, "Simulated host"): things that happen to the host from
 * outside this service. Present only while the simulated host runs. Beyond README.md: {@code POST
 * .../compute-systems/{id}/processes/{pid}/exit}, {@code POST
 * .../compute-systems/{id}/exec-result}, {@code GET .../compute-systems} and {@code GET
 * .../faults}.
 */
@RestController
@Tag(
    name = "simulator",
    description = "Simulated host controls (only while the simulated host runs)")
@RequestMapping(path = "/api/v1/simulator", produces = "application/json")
@Conditional(OnSimulatedHost.class)
class SimulatorController {

  record ExitRequest(String exitType, Integer exitCode) {}

  record ForeignSystemRequest(String id, String owner, String systemType) {}

  record FaultRequest(String operation, String hresult, Integer count) {}

  record ProcessExitRequest(Integer exitCode) {}

  private static final List<String> EXIT_TYPES =
      List.of("GracefulExit", "UnexpectedExit", "ForcedExit");

  // Resolved per request: a web test slice may load this controller without the simulated host.
  private final ObjectProvider<SimulatedComputeCore> core;
  private final ObjectProvider<SimulatorFaults> faults;

  SimulatorController(
      ObjectProvider<SimulatedComputeCore> core, ObjectProvider<SimulatorFaults> faults) {
    this.core = core;
    this.faults = faults;
  }

  @PostMapping("/compute-systems/{id}/exit")
  @Operation(
      operationId = "exitSimulatedSystem",
      summary = "A compute system exits as if from outside this service")
  @ApiResponse(responseCode = "204", description = "Exited")
  @ApiResponse(responseCode = "404", description = "No such compute system")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void exit(@PathVariable String id, @RequestBody(required = false) ExitRequest body) {
    String type = body == null || body.exitType() == null ? "GracefulExit" : body.exitType();
    if (!EXIT_TYPES.contains(type)) {
      throw badRequest("exitType must be one of " + EXIT_TYPES);
    }
    int code = body == null || body.exitCode() == null ? 0 : body.exitCode();
    if (!core().exitFromOutside(id, NotificationType.valueOf(type), code)) {
      throw notFound(id);
    }
  }

  @PostMapping("/compute-systems/{id}/pause")
  @Operation(
      operationId = "pauseSimulatedSystem",
      summary = "A compute system is paused from outside")
  @ApiResponse(responseCode = "204", description = "Paused")
  @ApiResponse(responseCode = "404", description = "No such compute system")
  @ApiResponse(responseCode = "409", description = "The system is not running")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void pause(@PathVariable String id) {
    SimulatedComputeCore c = core();
    if (!c.pauseFromOutside(id)) {
      boolean exists = c.snapshot().stream().anyMatch(s -> s.id().equals(id));
      if (!exists) {
        throw notFound(id);
      }
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "compute system " + id + " is not running");
    }
  }

  @PostMapping("/compute-systems")
  @Operation(
      operationId = "addForeignSystem",
      summary = "A compute system that no definition claims appears on the host")
  @ApiResponse(responseCode = "201", description = "Added")
  @ApiResponse(responseCode = "409", description = "A system of this id exists")
  @ResponseStatus(HttpStatus.CREATED)
  SimulatedComputeCore.SystemSnapshot addForeign(@RequestBody ForeignSystemRequest body) {
    if (body == null || body.id() == null || body.id().isBlank()) {
      throw badRequest("id is required");
    }
    SystemType type;
    try {
      type = SystemType.valueOf(body.systemType() == null ? "" : body.systemType());
    } catch (IllegalArgumentException e) {
      throw badRequest("systemType must be VirtualMachine or Container");
    }
    try {
      core().addForeignSystem(body.id(), body.owner(), type);
    } catch (HcsException e) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "compute system " + body.id() + " exists");
    }
    return core().snapshot().stream()
        .filter(s -> s.id().equals(body.id()))
        .findFirst()
        .orElseThrow(() -> notFound(body.id()));
  }

  @GetMapping("/compute-systems")
  @Operation(
      operationId = "listSimulatedSystems",
      summary = "Every compute system of the simulated host")
  @ApiResponse(responseCode = "200", description = "The systems")
  List<SimulatedComputeCore.SystemSnapshot> systems() {
    return core().snapshot();
  }

  @PostMapping("/compute-systems/{id}/processes/{pid}/exit")
  @Operation(
      operationId = "exitSimulatedProcess",
      summary = "A container's process exits with this code")
  @ApiResponse(responseCode = "204", description = "Exited")
  @ApiResponse(responseCode = "404", description = "No such running process")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void exitProcess(
      @PathVariable String id, @PathVariable int pid, @RequestBody ProcessExitRequest body) {
    if (body == null || body.exitCode() == null) {
      throw badRequest("exitCode is required");
    }
    if (!core().exitProcessFromOutside(id, pid, body.exitCode())) {
      throw new ResponseStatusException(
          HttpStatus.NOT_FOUND, "no running process " + pid + " in compute system " + id);
    }
  }

  /** The exit code of every later {@code Exec} (a process beside the workload) in this system. */
  @PostMapping("/compute-systems/{id}/exec-result")
  @Operation(
      operationId = "setSimulatedExecResult",
      summary = "Every later process run beside a system's workload exits with this code")
  @ApiResponse(responseCode = "204", description = "Set")
  @ApiResponse(responseCode = "404", description = "No such compute system")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void execResult(@PathVariable String id, @RequestBody ProcessExitRequest body) {
    if (body == null || body.exitCode() == null) {
      throw badRequest("exitCode is required");
    }
    if (!core().setExecResult(id, body.exitCode())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no compute system " + id);
    }
  }

  @PostMapping("/faults")
  @Operation(
      operationId = "injectFault",
      summary = "The next count calls of an operation fail with this HRESULT")
  @ApiResponse(responseCode = "204", description = "Injected")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void injectFault(@RequestBody FaultRequest body) {
    if (body == null || body.operation() == null || body.hresult() == null) {
      throw badRequest("operation and hresult are required");
    }
    int hresult;
    try {
      hresult = HResults.parse(body.hresult());
    } catch (NumberFormatException e) {
      throw badRequest("hresult must be a number such as 0x80370118");
    }
    try {
      faults().inject(body.operation(), hresult, body.count() == null ? 1 : body.count());
    } catch (IllegalArgumentException e) {
      throw badRequest(e.getMessage());
    }
  }

  @GetMapping("/faults")
  @Operation(operationId = "listFaults", summary = "Faults still pending, by operation")
  @ApiResponse(responseCode = "200", description = "Pending faults")
  Map<String, Integer> faultsPending() {
    return faults().pending();
  }

  @DeleteMapping("/faults")
  @Operation(operationId = "clearFaults", summary = "Drop every pending fault")
  @ApiResponse(responseCode = "204", description = "Cleared")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void clearFaults() {
    faults().clear();
  }

  private SimulatedComputeCore core() {
    SimulatedComputeCore c = core.getIfAvailable();
    if (c == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the simulated host is not running");
    }
    return c;
  }

  private SimulatorFaults faults() {
    SimulatorFaults f = faults.getIfAvailable();
    if (f == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the simulated host is not running");
    }
    return f;
  }

  private static ResponseStatusException badRequest(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }

  private static ResponseStatusException notFound(String id) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "no compute system " + id);
  }
}
