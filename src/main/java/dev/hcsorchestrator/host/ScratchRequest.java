package dev.hcsorchestrator.host;

import java.util.List;

/**
 * A container's scratch: the definition-owned {@code folder} that holds its VHDX, the read-only
 * {@code layers} (folders, nearest parent first, base last) and the disk's maximum size.
 */
public record ScratchRequest(String folder, List<String> layers, long sizeBytes) {

  /** hcsshim's default size of a container scratch disk: 20 GB. */
  public static final long DEFAULT_SIZE_BYTES = 20L << 30;
}
