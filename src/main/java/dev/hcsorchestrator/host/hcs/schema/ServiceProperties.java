package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code ServiceProperties}: one entry per requested type; only {@code Basic} is modelled. */
public record ServiceProperties(List<BasicInformation> properties) {}
