package dev.hcsorchestrator.host;

import java.util.List;

/**
 * A mounted writable layer: {@code volumePath} ({@code \\?\Volume{GUID}\}) is the container's
 * {@code Storage.Path}; {@code layers} are its {@code Storage.Layers}, with the ids HCS was given.
 */
public record ScratchVolume(String volumePath, List<LayerId> layers) {

  /** A read-only layer folder and the id HCS knows it by. */
  public record LayerId(String id, String path) {}
}
