package dev.hcsorchestrator.service;

import dev.hcsorchestrator.service.ServiceControls.Reaction;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The service's life under the SCM, without Windows: the service main starts the application and
 * reports START_PENDING then RUNNING; the control handler turns {@code STOP} into a plain stop and
 * {@code PRESHUTDOWN}/{@code SHUTDOWN} into the host-shutdown sequence followed by the stop, each
 * reported as STOP_PENDING with its wait hint and then STOPPED. The binding in {@code service.jna}
 * only forwards the SCM's calls here and the statuses to {@code SetServiceStatus}.
 */
public final class ServiceRun {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRun.class);

  /** Where statuses go ({@code SetServiceStatus}). */
  @FunctionalInterface
  public interface StatusSink {
    void report(ServiceStatus status);
  }

  private final AppStarter starter;
  private final ServiceCommand command;
  private final Consumer<ConfigurableApplicationContext> afterStart;
  private final ServiceControls.Reporter reporter = new ServiceControls.Reporter();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile StatusSink sink = s -> {};
  private volatile ConfigurableApplicationContext context;
  private volatile boolean stopRequested;
  private volatile int exitCode;
  private ScheduledExecutorService ticker;

  /** {@code afterStart} runs once the application is up, e.g. to attach the Event Log. */
  public ServiceRun(
      AppStarter starter,
      ServiceCommand command,
      Consumer<ConfigurableApplicationContext> afterStart) {
    this.starter = starter;
    this.command = command;
    this.afterStart = afterStart;
  }

  /** The service main: returns once the service runs, or has stopped because the start failed. */
  public void main(StatusSink statusSink) {
    this.sink = statusSink;
    report(reporter.starting());
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "service-progress");
              t.setDaemon(true);
              return t;
            });
    long every = ServiceControls.PROGRESS_INTERVAL.toMillis();
    ticker.scheduleWithFixedDelay(this::progress, every, every, TimeUnit.MILLISECONDS);
    ConfigurableApplicationContext started;
    try {
      started = starter.start(command.springArgs(), command.applicationDefaults());
    } catch (RuntimeException | Error e) {
      LOG.error("The service failed to start", e);
      finish(true);
      return;
    }
    context = started;
    started.addApplicationListener(
        (ContextClosedEvent e) -> {
          if (!stopRequested) {
            LOG.error("The application stopped on its own: the service stops as failed");
            new Thread(() -> finish(true), "service-stop").start();
          }
        });
    afterStart.accept(started);
    report(reporter.running());
    LOG.info("Service {} is running", command.name());
  }

  /** The control handler; returns the winerror answer. */
  public int control(int control) {
    Reaction reaction;
    synchronized (this) {
      reaction = ServiceControls.react(control, reporter.current().state());
      if (reaction == Reaction.STOP_SERVICE || reaction == Reaction.HOST_SHUTDOWN) {
        stopRequested = true;
        Duration timeout = shutdownTimeout();
        report(reporter.stopping(ServiceControls.stopWaitHint(reaction, timeout)));
        Thread stopper = new Thread(() -> stop(reaction), "service-stop");
        stopper.start();
      } else if (reaction == Reaction.REPORT_STATUS) {
        report(reporter.current());
      }
    }
    return ServiceControls.answer(reaction);
  }

  /** Blocks until STOPPED was reported; the process's exit status then. */
  public int awaitStopped() throws InterruptedException {
    stopped.await();
    return exitCode;
  }

  public ServiceStatus status() {
    return reporter.current();
  }

  private void stop(Reaction reaction) {
    boolean failed = false;
    try {
      ConfigurableApplicationContext ctx = context;
      if (ctx != null) {
        if (reaction == Reaction.HOST_SHUTDOWN) {
          ctx.getBean(HostShutdownSequence.class).run();
        } else {
          LOG.info("Service stop: workloads keep running and are adopted at the next start");
        }
        SpringApplication.exit(ctx);
      }
    } catch (RuntimeException e) {
      LOG.error("The service did not stop cleanly", e);
      failed = true;
    }
    finish(failed);
  }

  private Duration shutdownTimeout() {
    ConfigurableApplicationContext ctx = context;
    return ctx != null
        ? ctx.getBean(HostShutdownSequence.class).timeout()
        : ServiceControls.STOP_WAIT_HINT;
  }

  private synchronized void finish(boolean failed) {
    if (stopped.getCount() == 0) {
      return;
    }
    if (ticker != null) {
      ticker.shutdownNow();
    }
    exitCode = failed ? ServiceControls.EXIT_APPLICATION_FAILED : 0;
    report(failed ? reporter.failed() : reporter.stopped());
    stopped.countDown();
  }

  private synchronized void progress() {
    ServiceStatus next = reporter.progress();
    if (next != null) {
      report(next);
    }
  }

  private void report(ServiceStatus status) {
    try {
      sink.report(status);
    } catch (RuntimeException e) {
      LOG.warn("Could not report service status {}: {}", status, e.toString());
    }
  }
}
