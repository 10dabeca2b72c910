package dev.hcsorchestrator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.definition.HealthCheckSpec;
import dev.hcsorchestrator.definition.HealthCheckType;
import dev.hcsorchestrator.host.ComputeHost;
import dev.hcsorchestrator.host.HostResources;
import dev.hcsorchestrator.host.SystemType;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes against the host: a TCP connect to the workload's address (the host's own answer, else
 * the first endpoint with one) and a command's exit code, every failure an outcome.
 */
class HostProberTest {

  @TempDir Path dir;
  SimulatedHost sim;

  @BeforeEach
  void start() {
    sim = new SimulatedHost(dir);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  static HealthCheckSpec tcp(int port) {
    return new HealthCheckSpec(HealthCheckType.Tcp, port, null, null, 1, null, null);
  }

  static HealthCheckSpec exec(String command) {
    return new HealthCheckSpec(HealthCheckType.Exec, null, command, null, 1, null, null);
  }

  static HealthMonitor.Target target(String systemId, List<String> endpoints, HealthCheckSpec c) {
    return new HealthMonitor.Target(UUID.randomUUID(), systemId, endpoints, c);
  }

  /** {@code type} over the simulated host, with the named methods answered otherwise. */
  @SuppressWarnings("unchecked")
  <T> T over(Class<T> type, Map<String, Function<Object[], Object>> answers) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Function<Object[], Object> answer = answers.get(method.getName());
              if (answer != null) {
                return answer.apply(args);
              }
              try {
                return method.invoke(type == ComputeHost.class ? sim.host : sim.resources, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void tcpIsHealthyWhenTheWorkloadsPortAcceptsAndFailedWhenItRefuses() throws IOException {
    HostProber prober = new HostProber(sim.host, sim.resources);
    int port;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
      assertThat(prober.probe(target("a", List.of(), tcp(port))))
          .isEqualTo(HealthMonitor.Probe.healthy());
    }

    HealthMonitor.Probe refused = prober.probe(target("a", List.of(), tcp(port)));
    assertThat(refused.outcome()).isEqualTo(HealthMonitor.Outcome.Failed);
    assertThat(refused.detail()).startsWith("TCP connect to 127.0.0.1:" + port + " failed: ");
  }

  @Test
  void withoutAnAddressOfItsOwnTheFirstEndpointWithOneIsProbedAndWithoutAnyTheOutcomeIsUnknown()
      throws IOException {
    ComputeHost noAddress = over(ComputeHost.class, Map.of("address", a -> Optional.empty()));
    HostResources endpoints =
        over(
            HostResources.class,
            Map.of(
                "endpointAddress",
                a -> a[0].equals("ep-2") ? Optional.of("127.0.0.1") : Optional.empty()));
    HostProber prober = new HostProber(noAddress, endpoints);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();
      assertThat(prober.probe(target("a", List.of("ep-1", "ep-2"), tcp(port))))
          .isEqualTo(HealthMonitor.Probe.healthy());
      assertThat(prober.probe(target("a", List.of("ep-1"), tcp(port))))
          .isEqualTo(
              HealthMonitor.Probe.unknown(
                  "no address known for compute system a (no endpoint with an IP)"));
    }
  }

  @Test
  void execIsHealthyOnExitCodeZeroOnly() {
    sim.appear("c1", SimulatedHost.OWNER, SystemType.Container);
    sim.core.createProcess("c1", "{\"CommandLine\":\"cmd /c serve\"}"); // its workload
    HostProber prober = new HostProber(sim.host, sim.resources);
    assertThat(prober.probe(target("c1", List.of(), exec("ping"))))
        .isEqualTo(HealthMonitor.Probe.healthy());

    sim.core.setExecResult("c1", 3);
    assertThat(prober.probe(target("c1", List.of(), exec("ping"))))
        .isEqualTo(HealthMonitor.Probe.failed("command exited with code 3"));

    // without a workload, the command is the container's first process: it runs until ended
    sim.appear("c2", SimulatedHost.OWNER, SystemType.Container);
    assertThat(prober.probe(target("c2", List.of(), exec("ping"))))
        .isEqualTo(HealthMonitor.Probe.failed("command did not end within 1 s: ping"));
  }

  @Test
  void aHostErrorIsAFailedProbeNotAnException() {
    HealthMonitor.Probe p =
        new HostProber(sim.host, sim.resources).probe(target("gone", List.of(), exec("x")));

    assertThat(p.outcome()).isEqualTo(HealthMonitor.Outcome.Failed);
    assertThat(p.detail()).startsWith("Exec probe failed: ");
  }
}
