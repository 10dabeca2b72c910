package dev.hcsorchestrator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

  @Test
  void findsTheMetricsButNotFunctionsLabelsRangesOrStrings() {
    assertThat(
            PromQlNames.of(
                "histogram_quantile(0.95, sum by (le, operation) (rate("
                    + "hcs_host_operation_duration_seconds_bucket{instance=~\"$instance\"}"
                    + "[$__rate_interval])))"))
        .containsExactly("hcs_host_operation_duration_seconds_bucket");
    assertThat(PromQlNames.of("sum(a_total) / ignoring(x) b > 0 and up == 0"))
        .containsExactly("a_total", "b", "up");
    assertThat(PromQlNames.of("label_values(hcs_definitions, instance)"))
        .containsExactly("hcs_definitions");
    assertThat(PromQlNames.of("hcs_definitions{phase=\"Failed\"} > 0"))
        .containsExactly("hcs_definitions");
  }
}
