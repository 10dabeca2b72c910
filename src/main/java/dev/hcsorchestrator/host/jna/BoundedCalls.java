package dev.hcsorchestrator.host.jna;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Synchronous DLL calls (HCN, computestorage: no HCS_OPERATION to wait on) bounded by a named
 * timeout: each call runs on a daemon thread of its own pool and the caller waits at most that
 * long, failing with HCS_E_OPERATION_TIMEOUT. The native call is never interrupted; it finishes on
 * its thread, which still closes its handles and frees its strings, so a timeout leaks nothing.
 */
final class BoundedCalls implements AutoCloseable {

  private final ExecutorService pool;
  private final String timeoutName;
  private final Duration timeout;

  BoundedCalls(String threadName, String timeoutName, Duration timeout) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.timeoutName = timeoutName;
    this.timeout = timeout;
  }

  <T> T call(String function, Supplier<T> body) {
    Future<T> future = pool.submit(body::get);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new HcsException(
          function,
          HResults.HCS_E_OPERATION_TIMEOUT,
          "no answer within " + timeout + " (timeout " + timeoutName + ")",
          null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HcsException(function, HResults.E_FAIL, "interrupted while waiting", null);
    }
  }

  void run(String function, Runnable body) {
    call(
        function,
        () -> {
          body.run();
          return null;
        });
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
