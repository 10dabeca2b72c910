package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code System_PropertyQuery} for HcsGetComputeSystemProperties; empty = basic properties. */
public record PropertyQuery(List<SystemPropertyType> propertyTypes) {}
