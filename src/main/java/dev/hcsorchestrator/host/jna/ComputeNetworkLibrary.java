package dev.hcsorchestrator.host.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

/**
 * computenetwork.dll (HCN) with the prototypes of ComputeNetwork.h: networks, endpoints and
 * namespaces. A plain {@link Library} with {@link W32APIOptions#UNICODE_OPTIONS}, like {@link
 * ComputeCoreLibrary}. {@code REFGUID} is a {@link Guid.GUID.ByReference} (a pointer to the 16
 * bytes, never the GUID by value); handles are opaque {@link Pointer}s closed with the matching
 * {@code HcnClose*}; every {@code PWSTR*} (result and ErrorRecord) is freed with {@code
 * CoTaskMemFree} ({@link TaskMemory}).
 */
public interface ComputeNetworkLibrary extends Library {

  /** Loads the library lazily, only when the native host is chosen. */
  static ComputeNetworkLibrary load(String nameOrPath) {
    return Native.load(nameOrPath, ComputeNetworkLibrary.class, W32APIOptions.UNICODE_OPTIONS);
  }

  // Networks
  int HcnEnumerateNetworks(String query, PointerByReference networks, PointerByReference error);

  int HcnCreateNetwork(
      Guid.GUID.ByReference id,
      String settings,
      PointerByReference network,
      PointerByReference error);

  int HcnOpenNetwork(
      Guid.GUID.ByReference id, PointerByReference network, PointerByReference error);

  int HcnQueryNetworkProperties(
      Pointer network, String query, PointerByReference properties, PointerByReference error);

  int HcnDeleteNetwork(Guid.GUID.ByReference id, PointerByReference error);

  int HcnCloseNetwork(Pointer network);

  // Endpoints
  int HcnEnumerateEndpoints(String query, PointerByReference endpoints, PointerByReference error);

  int HcnCreateEndpoint(
      Pointer network,
      Guid.GUID.ByReference id,
      String settings,
      PointerByReference endpoint,
      PointerByReference error);

  int HcnOpenEndpoint(
      Guid.GUID.ByReference id, PointerByReference endpoint, PointerByReference error);

  int HcnQueryEndpointProperties(
      Pointer endpoint, String query, PointerByReference properties, PointerByReference error);

  int HcnDeleteEndpoint(Guid.GUID.ByReference id, PointerByReference error);

  int HcnCloseEndpoint(Pointer endpoint);

  // Namespaces
  int HcnEnumerateNamespaces(String query, PointerByReference namespaces, PointerByReference error);

  int HcnCreateNamespace(
      Guid.GUID.ByReference id,
      String settings,
      PointerByReference namespace,
      PointerByReference error);

  int HcnOpenNamespace(
      Guid.GUID.ByReference id, PointerByReference namespace, PointerByReference error);

  int HcnModifyNamespace(Pointer namespace, String settings, PointerByReference error);

  int HcnQueryNamespaceProperties(
      Pointer namespace, String query, PointerByReference properties, PointerByReference error);

  int HcnDeleteNamespace(Guid.GUID.ByReference id, PointerByReference error);

  int HcnCloseNamespace(Pointer namespace);
}
