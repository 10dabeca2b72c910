package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code PathType} of a layer or mapped directory. */
public enum PathType {
  AbsolutePath,
  VirtualSmbShareName
}
