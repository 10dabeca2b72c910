package dev.hcsorchestrator.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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

  /**
   * Pauses a running system so that it can be saved: as Microsoft's save sample does, with
   * suspension level {@code Suspend} and the guest told the reason ({@code Save}).
   */
  void pauseToSave(String id);

  void resume(String id);

  /** Saves a paused system's memory and device state to {@code stateFile}. */
  void save(String id, String stateFile);

  /** Starts a process in a running container; returns its process id. */
  int createProcess(String id, ProcessSpec process);

  /**
   * Runs a process in a running container to its end (a health check's {@code Exec}): its exit
   * code, or empty when it did not end within {@code timeout} (it is then terminated). Its exit is
   * not reported as a {@link HostEvent.ProcessExited}: it is not the workload's.
   */
  OptionalInt runProcess(String id, ProcessSpec process, Duration timeout);

  /**
   * The workload's network address when the host itself knows it: {@code 127.0.0.1} on the
   * simulated host; empty on a native host, where it is the address of the system's network
   * endpoint ({@link HostResources#endpointAddress}).
   */
  Optional<String> address(String id);

  /**
   * Whether this host layer holds the system open, so that its exit arrives as an event. A system
   * found on the host by {@link #list} alone is not yet watched: {@link #inspect} or any operation
   * on it opens it.
   */
  boolean watched(String id);

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
