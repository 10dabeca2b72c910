package dev.hcsorchestrator.host.hcs.schema;

import tools.jackson.databind.JsonNode;

/**
 * HCN {@code ModifyNetworkSettingRequest} / {@code ModifyEndpointSettingRequest} / {@code
 * ModifyNamespaceSettingRequest}: {@code resourceType} (Policy, Endpoint, ...), {@code requestType}
 * (Add, Remove, Update, Refresh) and the settings of that resource.
 */
public record HcnModifyRequest(String resourceType, String requestType, JsonNode settings) {}
