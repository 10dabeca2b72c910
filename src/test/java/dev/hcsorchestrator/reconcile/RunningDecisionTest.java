package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.SystemState;
import dev.hcsorchestrator.reconcile.RunningDecision.Converge;
import dev.hcsorchestrator.reconcile.RunningDecision.Fix;
import dev.hcsorchestrator.reconcile.RunningDecision.Then;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Desired {@code Running} with a system on the host, as a table: what the pass knows → what it
 * does. Earlier columns win: a restart request before a stop under way before a changed spec; the
 * workload's end before the health verdict.
 */
class RunningDecisionTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # case                               |restart|stopping|spec |state  |asked|ended|unhealthy|action
          restart request                      |true   |false   |false|Running|false|false|false    |Replace RestartRequested
          restart request beats a stop         |true   |true    |true |Running|false|false|false    |Replace RestartRequested
          a stop under way goes on             |false  |true    |true |Running|false|true |true     |FinishStop
          changed spec replaces                |false  |false   |true |Paused |false|false|false    |Replace SpecChanged
          runs as wanted                       |false  |false   |false|Running|false|false|false    |None Settle
          created only: started                |false  |false   |false|Created|false|false|false    |Start Settle
          paused through the API: resumed      |false  |false   |false|Paused |true |false|false    |Resume Settle
          paused behind our back: drift        |false  |false   |false|Paused |false|false|false    |ResumeDrifted Settle
          workload ended: container goes       |false  |false   |false|Running|false|true |false    |None EndWorkload
          workload end before health           |false  |false   |false|Running|false|true |true     |None EndWorkload
          unhealthy: replaced for its health   |false  |false   |false|Running|false|false|true     |None StopUnhealthy
          paused and unhealthy: resumed first  |false  |false   |false|Paused |true |false|true     |Resume StopUnhealthy
          a state the service cannot change    |false  |false   |false|Unknown|false|false|false    |None Settle
          """)
  void decides(
      String name,
      boolean restart,
      boolean stopping,
      boolean specChanged,
      SystemState state,
      boolean asked,
      boolean ended,
      boolean unhealthy,
      String expected) {
    RunningDecision.Action action =
        RunningDecision.decide(
            new RunningDecision.Facts(
                restart, stopping, specChanged, state, asked, ended, unhealthy));
    assertThat(describe(action)).isEqualTo(expected);
  }

  static String describe(RunningDecision.Action action) {
    if (action instanceof RunningDecision.Replace r) {
      return "Replace " + r.why();
    }
    if (action instanceof Converge c) {
      return c.fix() + " " + c.then();
    }
    return action.getClass().getSimpleName();
  }

  @ParameterizedTest(name = "{0} and {1}")
  @CsvSource({"Running,None", "Created,Start", "Stopped,None", "SavedAsTemplate,None"})
  void theFixFollowsTheHostsState(SystemState state, Fix fix) {
    assertThat(
            RunningDecision.decide(
                new RunningDecision.Facts(false, false, false, state, false, false, false)))
        .isEqualTo(new Converge(fix, Then.Settle));
  }
}
