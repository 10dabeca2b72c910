package dev.hcsorchestrator.definition;

/**
 * Networks that exist on the host, for validating {@code networkAdapters[].network}. Provided by
 * the host side; without a bean only declared networks are accepted.
 */
public interface HostNetworks {

  boolean exists(String name);
}
