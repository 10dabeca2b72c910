package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ChangeNoticesTest {

  @Test
  void aPayloadNamesItsSenderKindAndKey() {
    ChangeNotices.Notice n =
        ChangeNotices.Notice.parse("proc-1|c|6f1c2a9e-0d7c-4a8e-9d54-8d7b2f0f3a11");
    assertThat(n)
        .isEqualTo(
            new ChangeNotices.Notice(
                "proc-1", ChangeNotices.Kind.CHANGED, "6f1c2a9e-0d7c-4a8e-9d54-8d7b2f0f3a11"));
    assertThat(ChangeNotices.Notice.parse("p|d|net|work").key()).isEqualTo("net|work");
  }

  @Test
  void aPayloadNotOfOursIsIgnored() {
    assertThat(ChangeNotices.Notice.parse("")).isNull();
    assertThat(ChangeNotices.Notice.parse("hello")).isNull();
    assertThat(ChangeNotices.Notice.parse("p|x|key")).isNull();
    assertThat(ChangeNotices.Notice.parse("p|cc|key")).isNull();
  }

  @Test
  void onlyPostgresqlIsSentNotices() {
    assertThat(
            ChangeNotices.isPostgres(
                new MockEnvironment()
                    .withProperty("spring.datasource.url", "jdbc:postgresql://db/hcs")))
        .isTrue();
    assertThat(
            ChangeNotices.isPostgres(
                new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./d")))
        .isFalse();
    assertThat(ChangeNotices.isPostgres(new MockEnvironment())).isFalse();
  }
}
