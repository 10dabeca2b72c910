package dev.hcsorchestrator.host.hcs.schema;

/**
 * {@code UefiBootEntry}: for {@code ScsiDrive}, {@code devicePath} is the controller's key and
 * {@code diskNumber} the LUN.
 */
public record UefiBootEntry(
    UefiBootDevice deviceType,
    String devicePath,
    Integer diskNumber,
    String optionalData,
    String vmbFsRootPath) {}
