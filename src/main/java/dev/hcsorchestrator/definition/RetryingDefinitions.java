package dev.hcsorchestrator.definition;

import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * {@link Definitions} as {@code web} sees it: the one place where a write that lost to a concurrent
 * one is decided. Each write runs in its own transaction ({@link JpaDefinitions}); when it fails on
 * the database's account (a unique name or network committed meanwhile, an optimistic lock lost to
 * another writer; JPA's exceptions arrive as Spring's), it is run again from the start, and the new
 * attempt decides with what is committed now: the name exists ({@link DefinitionException.Conflict}
 * ), the generation an {@code If-Match} named is gone ({@link
 * DefinitionException.PreconditionFailed}), or, with no precondition, the last writer wins. Only
 * when every attempt lost is the write refused, as a {@link DefinitionException.Conflict}. Callers
 * see {@link DefinitionException}s only, and hold no retry of their own.
 */
@Service
@Primary
class RetryingDefinitions implements Definitions {

  /**
   * Attempts of one write; a write loses only to one that committed between its read and commit.
   */
  static final int ATTEMPTS = 3;

  private final Definitions store;

  RetryingDefinitions(@Qualifier("jpaDefinitions") Definitions store) {
    this.store = store;
  }

  @Override
  public Definition create(DefinitionSpec spec) {
    return retried("Definition '" + spec.name() + "'", () -> store.create(spec));
  }

  @Override
  public PutResult<Definition> put(String name, DefinitionSpec spec, Long expectedGeneration) {
    return retried("Definition '" + name + "'", () -> store.put(name, spec, expectedGeneration));
  }

  @Override
  public Optional<Definition> find(String name) {
    return store.find(name);
  }

  @Override
  public DefinitionPage list(DefinitionQuery query) {
    return store.list(query);
  }

  @Override
  public Definition requestDeletion(String name) {
    return retried("Definition '" + name + "'", () -> store.requestDeletion(name));
  }

  @Override
  public Definition requestDeletion(String name, LongPredicate precondition) {
    return retried("Definition '" + name + "'", () -> store.requestDeletion(name, precondition));
  }

  @Override
  public Definition act(String name, OwnerAction action) {
    return retried("Definition '" + name + "'", () -> store.act(name, action));
  }

  @Override
  public Definition act(String name, OwnerAction action, LongPredicate precondition) {
    return retried("Definition '" + name + "'", () -> store.act(name, action, precondition));
  }

  @Override
  public List<DefinitionEvent> events(String name, int limit) {
    return store.events(name, limit);
  }

  @Override
  public List<NetworkOnHost> networkReports() {
    return store.networkReports();
  }

  @Override
  public List<Network> networks() {
    return store.networks();
  }

  @Override
  public Optional<Network> network(String name) {
    return store.network(name);
  }

  @Override
  public PutResult<Network> putNetwork(Network network) {
    return retried("Network '" + network.name() + "'", () -> store.putNetwork(network));
  }

  @Override
  public void deleteNetwork(String name) {
    retried(
        "Network '" + name + "'",
        () -> {
          store.deleteNetwork(name);
          return null;
        });
  }

  private static <T> T retried(String what, Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          throw new DefinitionException.Conflict(
              what + " was changed by concurrent requests; read it and try again");
        }
      }
    }
  }
}
