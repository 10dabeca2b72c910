package dev.hcsorchestrator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.simulated.SimulatedHvSocketRegistry;
import dev.hcsorchestrator.host.simulated.SimulatedVirtualDisks;
import dev.hcsorchestrator.host.simulated.SimulatorFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HostResources#endpointAddress}: the first IP of an HCN endpoint's IpConfigurations. */
class EndpointAddressTest {

  @TempDir Path dir;

  /** HCN answering fixed endpoint documents (as in HCN's HostComputeEndpoint schema). */
  record Endpoints(Map<String, String> documents) implements ComputeNetwork {
    @Override
    public String queryEndpointProperties(String id, String query) {
      String doc = documents.get(id);
      if (doc == null) {
        throw new HcsException(
            "HcnOpenEndpoint", HResults.HCN_E_ENDPOINT_NOT_FOUND, "not found", null);
      }
      return doc;
    }

    @Override
    public String enumerateNetworks(String query) {
      return "[]";
    }

    @Override
    public void createNetwork(String id, String settings) {}

    @Override
    public String queryNetworkProperties(String id, String query) {
      return "{}";
    }

    @Override
    public void deleteNetwork(String id) {}

    @Override
    public String enumerateEndpoints(String query) {
      return "[]";
    }

    @Override
    public void createEndpoint(String networkId, String id, String settings) {}

    @Override
    public void deleteEndpoint(String id) {}

    @Override
    public String enumerateNamespaces(String query) {
      return "[]";
    }

    @Override
    public void createNamespace(String id, String settings) {}

    @Override
    public String queryNamespaceProperties(String id, String query) {
      throw new UnsupportedOperationException("no namespaces here");
    }

    @Override
    public void modifyNamespace(String id, String settings) {}

    @Override
    public void deleteNamespace(String id) {}
  }

  private HostResources resources(Map<String, String> documents) {
    return new HcsHostResources(
        new SimulatedVirtualDisks(new SimulatorFaults()),
        new Endpoints(documents),
        new SimulatedHvSocketRegistry(dir.resolve("hvsockets")),
        null,
        "orchestrator",
        new SimpleMeterRegistry());
  }

  @Test
  void theFirstIpConfigurationIsTheAddressAndNoneOrNoEndpointIsEmpty() {
    HostResources r =
        resources(
            Map.of(
                "a",
                "{\"ID\":\"a\",\"IpConfigurations\":[{\"IpAddress\":\"192.168.100.10\","
                    + "\"PrefixLength\":24},{\"IpAddress\":\"10.0.0.2\"}],\"Owner\":\"x\"}",
                "b",
                "{\"ID\":\"b\"}"));

    assertThat(r.endpointAddress("a")).contains("192.168.100.10");
    assertThat(r.endpointAddress("b")).isEmpty();
    assertThat(r.endpointAddress("c")).isEmpty();
  }
}
