package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** HCN {@code Ipam}: {@code Static} or {@code Dhcp} with its subnets. */
public record HcnIpam(String type, List<HcnSubnet> subnets) {}
