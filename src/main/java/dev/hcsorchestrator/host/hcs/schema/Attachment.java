package dev.hcsorchestrator.host.hcs.schema;

/** {@code Attachment} on a SCSI controller. */
public record Attachment(AttachmentType type, String path, Boolean readOnly) {}
