package dev.hcsorchestrator.host.jna;

import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.CREATE;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.DELETE;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.ENDPOINT;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.ENUMERATE;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.MODIFY;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.NAMESPACE;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.NETWORK;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.OPEN;
import static dev.hcsorchestrator.host.jna.TwinNetworkLibrary.QUERY;

import com.sun.jna.Pointer;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HcsException;

/**
 * The backend handed to the C twin of computenetwork.dll: every forwarded call is answered by one
 * Java {@link ComputeNetwork} (the simulated HCN). An open is answered by a query, as HCN checks
 * that the object exists when a handle is opened. The twin decides nothing itself.
 */
public final class TwinNetworkBackend {

  private static final int E_FAIL = 0x80004005;

  private final TwinNetworkLibrary twin;
  private final ComputeNetwork network;
  // Strongly referenced for as long as the twin may call it.
  private final TwinNetworkLibrary.Backend table = new TwinNetworkLibrary.Backend();

  public TwinNetworkBackend(TwinNetworkLibrary twin, ComputeNetwork network) {
    this.twin = twin;
    this.network = network;
    table.call = this::call;
  }

  public void install() {
    twin.TwinSetNetworkBackend(table);
  }

  public void uninstall() {
    twin.TwinSetNetworkBackend(null);
  }

  private static String text(Pointer p) {
    return p == null ? null : p.getWideString(0);
  }

  private int call(
      int fn, Pointer idPointer, Pointer secondPointer, Pointer argPointer, Pointer reply) {
    String id = text(idPointer);
    String second = text(secondPointer);
    String arg = text(argPointer);
    try {
      String result = dispatch(fn, id, second, arg);
      if (result != null) {
        twin.TwinNetworkReply(reply, result, null);
      }
      return 0;
    } catch (HcsException e) {
      twin.TwinNetworkReply(reply, null, e.resultDocument());
      return e.hresult();
    } catch (RuntimeException e) {
      return E_FAIL;
    }
  }

  private String dispatch(int fn, String id, String second, String arg) {
    return switch (fn) {
      case NETWORK + ENUMERATE -> network.enumerateNetworks(arg);
      case NETWORK + CREATE -> done(() -> network.createNetwork(id, arg));
      case NETWORK + OPEN, NETWORK + QUERY -> keep(fn, network.queryNetworkProperties(id, arg));
      case NETWORK + DELETE -> done(() -> network.deleteNetwork(id));
      case ENDPOINT + ENUMERATE -> network.enumerateEndpoints(arg);
      case ENDPOINT + CREATE -> done(() -> network.createEndpoint(second, id, arg));
      case ENDPOINT + OPEN, ENDPOINT + QUERY -> keep(fn, network.queryEndpointProperties(id, arg));
      case ENDPOINT + DELETE -> done(() -> network.deleteEndpoint(id));
      case NAMESPACE + ENUMERATE -> network.enumerateNamespaces(arg);
      case NAMESPACE + CREATE -> done(() -> network.createNamespace(id, arg));
      case NAMESPACE + OPEN, NAMESPACE + QUERY ->
          keep(fn, network.queryNamespaceProperties(id, arg));
      case NAMESPACE + MODIFY -> done(() -> network.modifyNamespace(id, arg));
      case NAMESPACE + DELETE -> done(() -> network.deleteNamespace(id));
      default -> throw new IllegalArgumentException("network function " + fn);
    };
  }

  /** An open returns no document, only the handle. */
  private static String keep(int fn, String document) {
    return fn % 10 == OPEN ? null : document;
  }

  private static String done(Runnable action) {
    action.run();
    return null;
  }
}
