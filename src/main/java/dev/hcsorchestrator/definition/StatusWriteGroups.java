package dev.hcsorchestrator.definition;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reconcile workers' status writes, committed in groups ({@link GroupCommit}): workers writing
 * at the same time share one commit. Each caller returns only once its write is committed, so a
 * write-ahead is as durable as alone. A caller already inside a transaction writes in that one.
 */
final class StatusWriteGroups {

  /** Enough for every worker at once, few enough to keep one transaction short. */
  static final int MAX_GROUP = 32;

  private final GroupCommit groups;

  StatusWriteGroups(PlatformTransactionManager transactions) {
    TransactionTemplate transaction = new TransactionTemplate(transactions);
    // status writes keep nothing in memory before their commit: nothing to drop on a rollback
    this.groups =
        new GroupCommit(
            MAX_GROUP, writes -> transaction.executeWithoutResult(s -> writes.run()), () -> {});
  }

  void run(Runnable write) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      write.run();
      return;
    }
    groups.run(
        () -> {
          write.run();
          return null;
        });
  }
}
