package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.definition.HealthCheckSpec;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.ProcessSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The probes of a health check against the host. {@code Tcp} connects to the workload's address
 * (the host's own answer, else the first address of its network endpoints) within {@code
 * timeoutSeconds}; {@code Exec} runs the command in the container and waits as long for its exit
 * code, 0 being healthy. Every failure is an outcome, never an exception.
 */
final class HostProber implements HealthMonitor.Prober {

  private final ComputeHost host;
  private final HostResources resources;

  HostProber(ComputeHost host, HostResources resources) {
    this.host = host;
    this.resources = resources;
  }

  @Override
  public HealthMonitor.Probe probe(HealthMonitor.Target t) {
    HealthCheckSpec c = t.check();
    Duration timeout = Duration.ofSeconds(c.timeoutSeconds() == null ? 2 : c.timeoutSeconds());
    try {
      return switch (c.type()) {
        case Tcp -> tcp(t, c.port(), timeout);
        case Exec -> exec(t, c.command(), timeout);
      };
    } catch (RuntimeException e) {
      return HealthMonitor.Probe.failed(c.type() + " probe failed: " + e.getMessage());
    }
  }

  private HealthMonitor.Probe tcp(HealthMonitor.Target t, int port, Duration timeout) {
    Optional<String> address = address(t);
    if (address.isEmpty()) {
      return HealthMonitor.Probe.unknown(
          "no address known for compute system " + t.systemId() + " (no endpoint with an IP)");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.get(), port), (int) timeout.toMillis());
      return HealthMonitor.Probe.healthy();
    } catch (IOException e) {
      return HealthMonitor.Probe.failed(
          "TCP connect to " + address.get() + ":" + port + " failed: " + e.getMessage());
    }
  }

  private Optional<String> address(HealthMonitor.Target t) {
    Optional<String> own = host.address(t.systemId());
    if (own.isPresent()) {
      return own;
    }
    for (String endpoint : t.endpointIds()) {
      Optional<String> a = resources.endpointAddress(endpoint);
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  private HealthMonitor.Probe exec(HealthMonitor.Target t, String command, Duration timeout) {
    OptionalInt code =
        host.runProcess(t.systemId(), new ProcessSpec(command, null, Map.of()), timeout);
    if (code.isEmpty()) {
      return HealthMonitor.Probe.failed(
          "command did not end within " + timeout.toSeconds() + " s: " + command);
    }
    return code.getAsInt() == 0
        ? HealthMonitor.Probe.healthy()
        : HealthMonitor.Probe.failed("command exited with code " + code.getAsInt());
  }
}
