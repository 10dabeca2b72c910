package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.HResults;
import dev.hcsorchestrator.host.hcs.HcsException;

/**
 * What the simulated compute core asks of a container's {@code Storage.Path} before it creates the
 * container: HCS needs a mounted writable-layer volume there, not a plain folder.
 */
@FunctionalInterface
public interface ContainerStorageCheck {

  /** Accepts any path (the simulated core's default). */
  ContainerStorageCheck ANY = (fn, path) -> {};

  /** Throws the create's failure when {@code storagePath} is not usable. */
  void check(String function, String storagePath);

  /** Only volumes {@code storage} mounted, initialized and filtered. */
  static ContainerStorageCheck mountedBy(SimulatedComputeStorage storage) {
    return (fn, path) -> {
      if (!storage.servesContainerStorage(path)) {
        throw new HcsException(
            fn,
            HResults.HCS_E_INVALID_LAYER,
            "Storage.Path "
                + path
                + " is not a writable layer volume the host mounted (\\\\?\\Volume{...}\\)",
            null);
      }
    };
  }
}
