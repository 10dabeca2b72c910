package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** HCN {@code Subnet}. */
public record HcnSubnet(String ipAddressPrefix, List<HcnRoute> routes) {}
