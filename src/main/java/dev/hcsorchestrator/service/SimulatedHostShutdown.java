package dev.hcsorchestrator.service;

import dev.hcsorchestrator.config.HcsProperties;
import dev.hcsorchestrator.host.OnSimulatedHost;
import dev.hcsorchestrator.host.simulated.SimulatedPowerOff;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/v1/simulator/host/shutdown} (API.md): answers {@code 202}, then, off the request
 * thread, does what the SCM's {@code PRESHUTDOWN} does (the {@link HostShutdownSequence}), stops
 * the service (the web server drains the answer first: Boot's graceful shutdown), powers the
 * simulated host off (all its compute systems gone) and exits the process with status 0. The next
 * start is the host's boot.
 */
@RestController
@Conditional(OnSimulatedHost.class)
class SimulatedHostShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedHostShutdown.class);

  private final HostShutdownSequence sequence;
  private final ConfigurableApplicationContext context;
  private final Path dataDir;
  private final IntConsumer processExit;
  private final IntConsumer processHalt;
  private final AtomicBoolean started = new AtomicBoolean();

  @Autowired
  SimulatedHostShutdown(
      HostShutdownSequence sequence,
      ConfigurableApplicationContext context,
      HcsProperties properties) {
    this(sequence, context, properties.dataDir(), System::exit, Runtime.getRuntime()::halt);
  }

  SimulatedHostShutdown(
      HostShutdownSequence sequence,
      ConfigurableApplicationContext context,
      Path dataDir,
      IntConsumer processExit) {
    this(sequence, context, dataDir, processExit, Runtime.getRuntime()::halt);
  }

  SimulatedHostShutdown(
      HostShutdownSequence sequence,
      ConfigurableApplicationContext context,
      Path dataDir,
      IntConsumer processExit,
      IntConsumer processHalt) {
    this.sequence = sequence;
    this.context = context;
    this.dataDir = dataDir;
    this.processExit = processExit;
    this.processHalt = processHalt;
  }

  /**
   * {@code POST /api/v1/simulator/host/power-off}: the machine loses power. The answer ({@code
   * 202}) is sent first; then every compute system is gone and the process halts with status {@link
   * #POWER_LOST}: no shutdown hook, no graceful stop, nothing written, and the operating system
   * drops what it held (the disk locks of {@code hcs.simulator.shared-state}), as for a host that
   * died.
   */
  @PostMapping("/api/v1/simulator/host/power-off")
  void powerOffNow(HttpServletResponse response) throws IOException {
    if (!started.compareAndSet(false, true)) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "the host is already shutting down");
    }
    response.setStatus(HttpStatus.ACCEPTED.value());
    // a complete answer before the process halts: no body, so no chunk left unsent
    response.setContentLength(0);
    response.flushBuffer();
    LOG.warn("Simulated host power-off: every compute system is gone, the process halts");
    try {
      SimulatedPowerOff.powerOff(dataDir);
    } finally {
      processHalt.accept(POWER_LOST);
    }
  }

  /** The exit status of a simulated power-off. */
  static final int POWER_LOST = 137;

  @PostMapping("/api/v1/simulator/host/shutdown")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void shutdown() {
    if (!started.compareAndSet(false, true)) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "the host is already shutting down");
    }
    Thread thread = new Thread(this::powerOff, "simulated-host-shutdown");
    thread.start();
  }

  /** The sequence after the answer; the process exits with status 0 at the end. */
  void powerOff() {
    sequence.run();
    // logged now: logging stops with the application
    LOG.info("Stopping the service; then the simulated host powers off and the process exits 0");
    SpringApplication.exit(context);
    try {
      SimulatedPowerOff.powerOff(dataDir);
    } catch (IOException e) {
      System.err.println("Simulated host power-off could not remove its compute systems: " + e);
    }
    processExit.accept(0);
  }
}
