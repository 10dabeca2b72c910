package dev.hcsorchestrator.host.hcs.schema;

import tools.jackson.databind.JsonNode;

/** An HCN network or endpoint policy: {@code {"Type":..., "Settings":{...}}}. */
public record HcnPolicy(String type, JsonNode settings) {}
