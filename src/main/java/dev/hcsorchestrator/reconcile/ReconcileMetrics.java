package dev.hcsorchestrator.reconcile;

/** Counters the reconciler bumps; the Micrometer binding lives in {@code ops}. */
public interface ReconcileMetrics {

  /**
   * One pass ended: {@code result} is success, requeue, terminal (recorded as {@code Failed}),
   * error (an exception: retried with backoff) or panic (anything else thrown, such as an {@link
   * Error}).
   */
  void reconciled(String result, long durationNanos);

  /** One orphan sweep ended: {@code result} is success, error or panic; never a reconcile pass. */
  default void swept(String result, long durationNanos) {}

  /** A compute system was recreated after an exit of type {@code reason}. */
  void restarted(String kind, String reason);

  /** The host differed from the definition: missing, exited, state, spec or orphan. */
  void drift(String kind, String cause);

  ReconcileMetrics NONE =
      new ReconcileMetrics() {
        @Override
        public void reconciled(String result, long durationNanos) {}

        @Override
        public void restarted(String kind, String reason) {}

        @Override
        public void drift(String kind, String cause) {}
      };
}
