package dev.hcsorchestrator.host.hcs;

/**
 * computenetwork.dll (HCN) at the JSON-string level, addressed by GUID string: implementations open
 * and close the HCN handles around each call. Failures are {@link HcsException}s carrying the HCN
 * HRESULT (0x803Bxxxx, or 0x80070490 ERROR_NOT_FOUND) and the ErrorRecord JSON as result document.
 * A call whose ErrorRecord is not empty fails even when the HRESULT is S_OK (hcsshim does the
 * same).
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

  /** HcnEnumerateNamespaces with a HostComputeQuery; returns a JSON array of namespace GUIDs. */
  String enumerateNamespaces(String query);

  /** HcnCreateNamespace with the HostComputeNamespace settings. */
  void createNamespace(String id, String settings);

  /** HcnOpenNamespace + HcnQueryNamespaceProperties; returns the HostComputeNamespace JSON. */
  String queryNamespaceProperties(String id, String query);

  /**
   * HcnOpenNamespace + HcnModifyNamespace: {@code {"ResourceType":"Endpoint","RequestType":"Add" or
   * "Remove","Settings":{"EndpointId":"<guid>"}}} attaches or detaches an endpoint (HCN has no
   * other call for it).
   */
  void modifyNamespace(String id, String settings);

  /** HcnDeleteNamespace. */
  void deleteNamespace(String id);
}
