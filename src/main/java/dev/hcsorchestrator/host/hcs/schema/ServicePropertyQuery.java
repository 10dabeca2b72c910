package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code Service_PropertyQuery} for HcsGetServiceProperties. */
public record ServicePropertyQuery(List<ServicePropertyType> propertyTypes) {}
