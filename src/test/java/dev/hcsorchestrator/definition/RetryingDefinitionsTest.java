package dev.hcsorchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * The one layer that decides writes lost to concurrent ones: run again, decided by what is
 * committed then, refused as a conflict only when every attempt lost.
 */
class RetryingDefinitionsTest {

  final Deque<RuntimeException> failures = new ArrayDeque<>();
  final Network network = new Network("nat", Network.NetworkType.NAT, "10.0.0.0/24", "10.0.0.1");
  int attempts;

  /** The transactional store: each attempt throws the next failure, or answers. */
  final Definitions store =
      (Definitions)
          Proxy.newProxyInstance(
              Definitions.class.getClassLoader(),
              new Class<?>[] {Definitions.class},
              (proxy, method, args) -> {
                if (method.isDefault()) {
                  return InvocationHandler.invokeDefault(proxy, method, args);
                }
                attempts++;
                if (!failures.isEmpty()) {
                  throw failures.pop();
                }
                return method.getName().equals("putNetwork")
                    ? new Definitions.PutResult<>(network, true)
                    : null;
              });

  final RetryingDefinitions definitions = new RetryingDefinitions(store);

  @Test
  void aWriteThatLostToAConcurrentOneRunsAgain() {
    failures.add(new DataIntegrityViolationException("unique name"));
    failures.add(new OptimisticLockingFailureException("version"));

    assertThat(definitions.putNetwork(network).value()).isEqualTo(network);
    assertThat(attempts).isEqualTo(3);
  }

  @Test
  void aWriteThatLosesEveryAttemptIsAConflict() {
    for (int i = 0; i < RetryingDefinitions.ATTEMPTS; i++) {
      failures.add(new PessimisticLockingFailureException("lock"));
    }

    assertThatThrownBy(() -> definitions.act("web-01", OwnerAction.Stop))
        .isInstanceOf(DefinitionException.Conflict.class)
        .hasMessage(
            "Definition 'web-01' was changed by concurrent requests; read it and try again");
    assertThat(attempts).isEqualTo(RetryingDefinitions.ATTEMPTS);
  }

  @Test
  void theAttemptAfterALostOneDecidesWithWhatIsCommitted() {
    failures.add(new OptimisticLockingFailureException("version"));
    failures.add(new DefinitionException.PreconditionFailed("If-Match \"3\" does not match"));

    assertThatThrownBy(() -> definitions.put("web-01", null, 3L))
        .isInstanceOf(DefinitionException.PreconditionFailed.class);
    assertThat(attempts).isEqualTo(2);
  }

  @Test
  void whatIsNoConflictGoesThroughAtOnce() {
    failures.add(new DefinitionException.NotFound("No network named 'nat'"));
    assertThatThrownBy(() -> definitions.deleteNetwork("nat"))
        .isInstanceOf(DefinitionException.NotFound.class);

    failures.add(new DataAccessResourceFailureException("database gone"));
    assertThatThrownBy(() -> definitions.requestDeletion("web-01", generation -> true))
        .isInstanceOf(DataAccessResourceFailureException.class);
    assertThat(attempts).isEqualTo(2);
  }
}
