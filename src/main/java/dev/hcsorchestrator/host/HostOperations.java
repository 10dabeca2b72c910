package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.HcsException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs each host operation: classifies its failure once and records its duration as {@code
 * hcs.host.operation.duration} (Prometheus {@code hcs_host_operation_duration_seconds}, a
 * histogram) tagged {@code operation} and {@code outcome} ({@code success} or the failure class in
 * lower case, e.g. {@code notfound}, {@code unavailable}).
 */
final class HostOperations {

  static final String METRIC = "hcs.host.operation.duration";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  HostOperations(MeterRegistry registry) {
    this.registry = registry;
  }

  <T> T call(String operation, String systemId, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = "success";
    try {
      return call.get();
    } catch (HcsException e) {
      HostException classified = HostErrors.classify(operation, systemId, e);
      outcome = outcome(classified);
      throw classified;
    } catch (HostException e) {
      outcome = outcome(e);
      throw e;
    } catch (RuntimeException e) {
      HostException classified = HostErrors.unexpected(operation, systemId, e);
      outcome = outcome(classified);
      throw classified;
    } finally {
      timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  void run(String operation, String systemId, Runnable call) {
    call(
        operation,
        systemId,
        () -> {
          call.run();
          return null;
        });
  }

  private static String outcome(HostException e) {
    return e.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  private Timer timer(String operation, String outcome) {
    return timers.computeIfAbsent(
        operation + '\u0000' + outcome,
        k ->
            Timer.builder(METRIC)
                .description("Duration of host operations")
                .tag("operation", operation)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry));
  }
}
