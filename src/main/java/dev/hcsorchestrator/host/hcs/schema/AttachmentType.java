package dev.hcsorchestrator.host.hcs.schema;

/** HCS {@code AttachmentType} of a SCSI attachment. */
public enum AttachmentType {
  VirtualDisk,
  Iso,
  PassThru
}
