package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;
import dev.hcsorchestrator.host.hcs.schema.HcnModifyRequest;
import dev.hcsorchestrator.host.hcs.schema.HcnQuery;
import dev.hcsorchestrator.host.hcs.schema.HcsJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** What the simulated HCN objects share: JSON parsing, query filters, ids and HCN's failures. */
final class SimulatedHcn {

  static final String GUID = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";
  static final Set<String> REQUEST_TYPES = Set.of("Add", "Remove", "Update", "Refresh");

  private SimulatedHcn() {}

  static Map<String, String> filter(String fn, String query) {
    if (query == null || query.isBlank()) {
      return Map.of();
    }
    HcnQuery q = parse(fn, query, HcnQuery.class);
    if (q.filter() == null || q.filter().isBlank()) {
      return Map.of();
    }
    try {
      JsonNode node = HcsJson.strictMapper().readTree(q.filter());
      if (!node.isObject()) {
        throw fail(fn, HResults.HCN_E_INVALID_JSON, "Filter must be a JSON object");
      }
      Map<String, String> out = new HashMap<>();
      for (var entry : node.properties()) {
        out.put(entry.getKey(), entry.getValue().asString());
      }
      return out;
    } catch (JacksonException e) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "Filter: " + e.getOriginalMessage());
    }
  }

  static boolean match(Map<String, String> filter, String field, String value) {
    String wanted = filter.get(field);
    return wanted == null || wanted.equalsIgnoreCase(value);
  }

  static <T> T parse(String fn, String json, Class<T> type) {
    if (json == null || json.isBlank()) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "settings are required");
    }
    try {
      return HcsJson.strict(json, type);
    } catch (JacksonException e) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, e.getOriginalMessage());
    }
  }

  /** A modify request with a known RequestType and the ResourceType this object accepts. */
  static HcnModifyRequest modifyRequest(String fn, String json, Set<String> resourceTypes) {
    HcnModifyRequest request = parse(fn, json, HcnModifyRequest.class);
    if (request.requestType() == null || !REQUEST_TYPES.contains(request.requestType())) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "RequestType " + request.requestType());
    }
    if (request.resourceType() == null || !resourceTypes.contains(request.resourceType())) {
      throw fail(fn, HResults.HCN_E_REQUEST_UNSUPPORTED, "ResourceType " + request.resourceType());
    }
    if (request.settings() == null || !request.settings().isObject()) {
      throw fail(fn, HResults.HCN_E_INVALID_JSON, "Settings must be a JSON object");
    }
    return request;
  }

  static void requireGuid(String fn, String id) {
    if (id == null || !id.matches(GUID)) {
      throw fail(fn, HResults.E_INVALIDARG, "not a GUID: " + id);
    }
  }

  static String key(String id) {
    return id == null ? "" : id.toLowerCase(Locale.ROOT);
  }

  static void save(SimulatorStore store, String fn, String key, Object value) {
    try {
      store.write(key, value);
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, e.toString());
    }
  }

  static void delete(SimulatorStore store, String fn, String key) {
    try {
      store.delete(key);
    } catch (IOException e) {
      throw fail(fn, HResults.E_FAIL, e.toString());
    }
  }

  /** HCN's failure: the HRESULT plus an ErrorRecord {@code {"ErrorCode","Error","Success"}}. */
  static HcsException fail(String fn, int hresult, String message) {
    String record =
        HcsJson.strictMapper()
            .writeValueAsString(
                Map.of(
                    "ErrorCode",
                    Integer.toUnsignedLong(hresult),
                    "Error",
                    message,
                    "Success",
                    false));
    return new HcsException(fn, hresult, message, record);
  }
}
