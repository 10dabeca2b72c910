package dev.hcsorchestrator.host.hcs;

/**
 * computenetwork.dll (HCN) at the JSON-string level, addressed by GUID string: implementations open
 * and close the HCN handles around each call. Failures are {@link HcsException}s carrying the HCN
 * HRESULT (0x803Bxxxx) and the ErrorRecord JSON as result document.
 */
public interface ComputeNetwork {

  /** HcnEnumerateNetworks with a HostComputeQuery; returns a JSON array of network GUIDs. */
  String enumerateNetworks(String query);

  /** HcnCreateNetwork with the HostComputeNetwork settings. */
  void createNetwork(String id, String settings);

  /** HcnOpenNetwork + HcnQueryNetworkProperties; returns the HostComputeNetwork JSON. */
  String queryNetworkProperties(String id, String query);

  /** HcnDeleteNetwork. */
  void deleteNetwork(String id);

  /** HcnEnumerateEndpoints with a HostComputeQuery; returns a JSON array of endpoint GUIDs. */
  String enumerateEndpoints(String query);

  /** HcnOpenNetwork + HcnCreateEndpoint on that network with the HostComputeEndpoint settings. */
  void createEndpoint(String networkId, String id, String settings);

  /** HcnOpenEndpoint + HcnQueryEndpointProperties; returns the HostComputeEndpoint JSON. */
  String queryEndpointProperties(String id, String query);

  /** HcnDeleteEndpoint. */
  void deleteEndpoint(String id);
}
