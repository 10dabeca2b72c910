package dev.hcsorchestrator.host.hcs.schema;

import java.util.Map;

/** {@code Scsi} controller: attachments keyed by LUN number. */
public record Scsi(Map<String, Attachment> attachments) {}
