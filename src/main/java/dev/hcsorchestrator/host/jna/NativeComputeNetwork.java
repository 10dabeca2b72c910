package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid;
import com.sun.jna.ptr.PointerByReference;
import dev.hcsorchestrator.host.hcs.ComputeNetwork;
import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import java.time.Duration;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ComputeNetwork} over computenetwork.dll (or its C twin) through JNA, as hcsshim's {@code
 * hcn} package does it: every call opens the object by GUID, calls, and closes the handle in {@code
 * finally}; every result and ErrorRecord string is copied and freed with {@code CoTaskMemFree}; a
 * failed HRESULT or a non-empty ErrorRecord (even with S_OK) is an {@link HcsException}. Each call
 * is bounded by the {@code other} timeout ({@link BoundedCalls}).
 */
public final class NativeComputeNetwork implements ComputeNetwork, AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern GUID_TEXT =
      Pattern.compile("[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}");

  private final ComputeNetworkLibrary lib;
  private final TaskMemory memory;
  private final BoundedCalls calls;

  public NativeComputeNetwork(ComputeNetworkLibrary lib, TaskMemory memory, Duration timeout) {
    this.lib = lib;
    this.memory = memory;
    this.calls = new BoundedCalls("hcn-native", "other", timeout);
  }

  /** Loads computenetwork (a name or a path, e.g. the C twin) and CoTaskMemFree. */
  public static NativeComputeNetwork load(String library, Duration timeout) {
    return new NativeComputeNetwork(
        ComputeNetworkLibrary.load(library), TaskMemory.load(library), timeout);
  }

  // ---- networks ---------------------------------------------------------------------------------

  @Override
  public String enumerateNetworks(String query) {
    return calls.call(
        "HcnEnumerateNetworks",
        () -> result("HcnEnumerateNetworks", (r, e) -> lib.HcnEnumerateNetworks(query, r, e)));
  }

  @Override
  public void createNetwork(String id, String settings) {
    calls.run(
        "HcnCreateNetwork",
        () -> {
          PointerByReference handle = new PointerByReference();
          try {
            check("HcnCreateNetwork", e -> lib.HcnCreateNetwork(guid(id), settings, handle, e));
          } finally {
            close(handle, lib::HcnCloseNetwork);
          }
        });
  }

  @Override
  public String queryNetworkProperties(String id, String query) {
    return calls.call(
        "HcnQueryNetworkProperties",
        () ->
            withOpen(
                id,
                Kind.NETWORK,
                h ->
                    result(
                        "HcnQueryNetworkProperties",
                        (r, e) -> lib.HcnQueryNetworkProperties(h, query, r, e))));
  }

  @Override
  public void deleteNetwork(String id) {
    calls.run(
        "HcnDeleteNetwork",
        () -> check("HcnDeleteNetwork", e -> lib.HcnDeleteNetwork(guid(id), e)));
  }

  // ---- endpoints --------------------------------------------------------------------------------

  @Override
  public String enumerateEndpoints(String query) {
    return calls.call(
        "HcnEnumerateEndpoints",
        () -> result("HcnEnumerateEndpoints", (r, e) -> lib.HcnEnumerateEndpoints(query, r, e)));
  }

  @Override
  public void createEndpoint(String networkId, String id, String settings) {
    calls.run(
        "HcnCreateEndpoint",
        () ->
            withOpen(
                networkId,
                Kind.NETWORK,
                network -> {
                  PointerByReference handle = new PointerByReference();
                  try {
                    check(
                        "HcnCreateEndpoint",
                        e -> lib.HcnCreateEndpoint(network, guid(id), settings, handle, e));
                  } finally {
                    close(handle, lib::HcnCloseEndpoint);
                  }
                  return null;
                }));
  }

  @Override
  public String queryEndpointProperties(String id, String query) {
    return calls.call(
        "HcnQueryEndpointProperties",
        () ->
            withOpen(
                id,
                Kind.ENDPOINT,
                h ->
                    result(
                        "HcnQueryEndpointProperties",
                        (r, e) -> lib.HcnQueryEndpointProperties(h, query, r, e))));
  }

  @Override
  public void deleteEndpoint(String id) {
    calls.run(
        "HcnDeleteEndpoint",
        () -> check("HcnDeleteEndpoint", e -> lib.HcnDeleteEndpoint(guid(id), e)));
  }

  // ---- namespaces -------------------------------------------------------------------------------

  @Override
  public String enumerateNamespaces(String query) {
    return calls.call(
        "HcnEnumerateNamespaces",
        () -> result("HcnEnumerateNamespaces", (r, e) -> lib.HcnEnumerateNamespaces(query, r, e)));
  }

  @Override
  public void createNamespace(String id, String settings) {
    calls.run(
        "HcnCreateNamespace",
        () -> {
          PointerByReference handle = new PointerByReference();
          try {
            check("HcnCreateNamespace", e -> lib.HcnCreateNamespace(guid(id), settings, handle, e));
          } finally {
            close(handle, lib::HcnCloseNamespace);
          }
        });
  }

  @Override
  public String queryNamespaceProperties(String id, String query) {
    return calls.call(
        "HcnQueryNamespaceProperties",
        () ->
            withOpen(
                id,
                Kind.NAMESPACE,
                h ->
                    result(
                        "HcnQueryNamespaceProperties",
                        (r, e) -> lib.HcnQueryNamespaceProperties(h, query, r, e))));
  }

  @Override
  public void modifyNamespace(String id, String settings) {
    calls.run(
        "HcnModifyNamespace",
        () ->
            withOpen(
                id,
                Kind.NAMESPACE,
                h -> {
                  check("HcnModifyNamespace", e -> lib.HcnModifyNamespace(h, settings, e));
                  return null;
                }));
  }

  @Override
  public void deleteNamespace(String id) {
    calls.run(
        "HcnDeleteNamespace",
        () -> check("HcnDeleteNamespace", e -> lib.HcnDeleteNamespace(guid(id), e)));
  }

  @Override
  public void close() {
    calls.close();
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private enum Kind {
    NETWORK,
    ENDPOINT,
    NAMESPACE
  }

  private interface WithResult {
    int call(PointerByReference result, PointerByReference error);
  }

  private interface OnHandle<T> {
    T apply(Pointer handle);
  }

  /** Opens the object, hands the handle to {@code body}, closes it whatever happens. */
  private <T> T withOpen(String id, Kind kind, OnHandle<T> body) {
    PointerByReference handle = new PointerByReference();
    String fn;
    ToIntFunction<Pointer> closer;
    switch (kind) {
      case NETWORK -> {
        fn = "HcnOpenNetwork";
        closer = lib::HcnCloseNetwork;
      }
      case ENDPOINT -> {
        fn = "HcnOpenEndpoint";
        closer = lib::HcnCloseEndpoint;
      }
      default -> {
        fn = "HcnOpenNamespace";
        closer = lib::HcnCloseNamespace;
      }
    }
    try {
      Guid.GUID.ByReference guid = guid(id);
      check(
          fn,
          e ->
              switch (kind) {
                case NETWORK -> lib.HcnOpenNetwork(guid, handle, e);
                case ENDPOINT -> lib.HcnOpenEndpoint(guid, handle, e);
                case NAMESPACE -> lib.HcnOpenNamespace(guid, handle, e);
              });
      return body.apply(handle.getValue());
    } finally {
      close(handle, closer);
    }
  }

  private void close(PointerByReference handle, ToIntFunction<Pointer> closer) {
    if (handle.getValue() != null) {
      closer.applyAsInt(handle.getValue());
    }
  }

  /** Calls, frees both strings, fails on an error; returns the result string (may be null). */
  private String result(String function, WithResult call) {
    PointerByReference result = new PointerByReference();
    PointerByReference error = new PointerByReference();
    int hr = call.call(result, error);
    String text = take(result);
    fail(function, hr, take(error));
    return text;
  }

  private void check(String function, ToIntFunction<PointerByReference> call) {
    PointerByReference error = new PointerByReference();
    int hr = call.applyAsInt(error);
    fail(function, hr, take(error));
  }

  /** The copied string, freed with CoTaskMemFree; null when the DLL gave none. */
  private String take(PointerByReference ref) {
    Pointer p = ref.getValue();
    if (p == null) {
      return null;
    }
    try {
      return p.getWideString(0);
    } finally {
      memory.CoTaskMemFree(p);
    }
  }

  /** hcsshim's rule: a failed HRESULT, or a non-empty ErrorRecord even with S_OK, is an error. */
  static void fail(String function, int hr, String errorRecord) {
    boolean record = errorRecord != null && !errorRecord.isBlank();
    if (hr >= 0 && !record) {
      return;
    }
    int code = hr < 0 ? hr : recordCode(errorRecord);
    throw new HcsException(function, code, recordMessage(errorRecord), record ? errorRecord : null);
  }

  private static int recordCode(String record) {
    JsonNode node = parse(record);
    long code = node == null ? 0 : node.path("ErrorCode").asLong(0);
    return code == 0 ? HResults.E_FAIL : (int) code;
  }

  private static String recordMessage(String record) {
    JsonNode node = parse(record);
    if (node == null) {
      return record == null || record.isBlank() ? null : record.strip();
    }
    String text = node.path("Error").asString("");
    return text.isBlank() ? null : text.strip();
  }

  private static JsonNode parse(String record) {
    if (record == null || record.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(record);
      return node != null && node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** A GUID string (with or without braces) as the REFGUID HCN expects; E_INVALIDARG otherwise. */
  static Guid.GUID.ByReference guid(String id) {
    String bare = id == null ? "" : id.replaceAll("^\\{(.*)\\}$", "$1");
    if (!GUID_TEXT.matcher(bare).matches()) {
      // jna-platform's parser reads any text as some GUID: refuse before the DLL sees it
      throw new HcsException("GUID", HResults.E_INVALIDARG, "not a GUID: " + id, null);
    }
    Guid.GUID.ByReference ref = new Guid.GUID.ByReference(Guid.GUID.fromString("{" + bare + "}"));
    ref.write();
    return ref;
  }
}
