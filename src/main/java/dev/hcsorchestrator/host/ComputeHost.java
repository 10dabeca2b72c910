package dev.hcsorchestrator.host;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Compute systems on this host. Every failure is a {@link HostException}, classified once here.
 * Shutdown and terminate only ask: the exit arrives as a {@link HostEvent.SystemExited}.
 */
public interface ComputeHost {

  /** The HCS {@code Owner} written into every system this service creates. */
  String owner();

  /** Every compute system the host reports now, of any owner. */
  List<ObservedSystem> list();

  /** The system with this id, empty if the host has none. */
  Optional<ObservedSystem> inspect(String id);

  /** Creates (does not start) a system; {@link HostException.AlreadyExists} if the id is taken. */
  void create(SystemSpec spec);

  void start(String id);

  /** Asks the guest to shut down. */
  void shutDown(String id);

  /** Forces the system off. */
  void terminate(String id);

  void pause(String id);

  void resume(String id);

  /** Saves a paused system's memory and device state to {@code stateFile}. */
  void save(String id, String stateFile);

  /** Starts a process in a running container; returns its process id. */
  int createProcess(String id, ProcessSpec process);

  /**
   * Whether this host layer holds the system open, so that its exit arrives as an event. A system
   * found on the host by {@link #list} alone is not yet watched: {@link #inspect} or any operation
   * on it opens it.
   */
  boolean watched(String id);

  /** Drops whatever the host layer holds for a system that is gone (handles, callbacks). */
  void release(String id);

  /** The exact HCS {@code ComputeSystem} JSON document that {@link #create} sends for a spec. */
  String document(SystemSpec spec);

  /** Asks the host service something cheap; throws if it does not answer. */
  HostInfo probe();

  /** Events for systems this host layer holds; the listener runs off native threads. */
  Subscription subscribe(Consumer<HostEvent> listener);

  /** Ends a subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
