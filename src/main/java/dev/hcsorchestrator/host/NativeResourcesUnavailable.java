package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.HvSocketRegistry;
import java.util.Map;

/**
 * Stands in for HCN and the socket registry on the native host until they are bound: every call
 * fails with E_NOTIMPL, which the host layer classifies as rejected (terminal) with this message.
 */
enum NativeResourcesUnavailable implements ComputeNetwork, HvSocketRegistry {
  INSTANCE;

  private static HcsException notBound(String function, String library) {
    return new HcsException(
        function,
        HResults.E_NOTIMPL,
        library
            + " is not bound on the native host yet: definitions with network"
            + " adapters or Hyper-V sockets cannot run natively in this version",
        null);
  }

  @Override
  public String enumerateNetworks(String query) {
    throw notBound("HcnEnumerateNetworks", "computenetwork.dll");
  }

  @Override
  public void createNetwork(String id, String settings) {
    throw notBound("HcnCreateNetwork", "computenetwork.dll");
  }

  @Override
  public String queryNetworkProperties(String id, String query) {
    throw notBound("HcnQueryNetworkProperties", "computenetwork.dll");
  }

  @Override
  public void deleteNetwork(String id) {
    throw notBound("HcnDeleteNetwork", "computenetwork.dll");
  }

  @Override
  public String enumerateEndpoints(String query) {
    throw notBound("HcnEnumerateEndpoints", "computenetwork.dll");
  }

  @Override
  public void createEndpoint(String networkId, String id, String settings) {
    throw notBound("HcnCreateEndpoint", "computenetwork.dll");
  }

  @Override
  public String queryEndpointProperties(String id, String query) {
    throw notBound("HcnQueryEndpointProperties", "computenetwork.dll");
  }

  @Override
  public void deleteEndpoint(String id) {
    throw notBound("HcnDeleteEndpoint", "computenetwork.dll");
  }

  @Override
  public void register(String serviceId, String elementName) {
    throw notBound("RegSetKeyValue", "the GuestCommunicationServices registry key");
  }

  @Override
  public void unregister(String serviceId) {
    throw notBound("RegDeleteKey", "the GuestCommunicationServices registry key");
  }

  @Override
  public Map<String, String> registrations() {
    throw notBound("RegEnumKey", "the GuestCommunicationServices registry key");
  }
}
