package dev.hcsorchestrator.host.hcs;

/** Receives {@link HcsEvent}s from a {@link ComputeCore}. */
@FunctionalInterface
public interface HcsEventListener {
  void onEvent(HcsEvent event);
}
