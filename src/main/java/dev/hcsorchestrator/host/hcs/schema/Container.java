package dev.hcsorchestrator.host.hcs.schema;

import java.util.List;

/** {@code Container}: a process-isolated Windows Server container. */
public record Container(
    GuestOs guestOs,
    Storage storage,
    List<MappedDirectory> mappedDirectories,
    ContainerMemory memory,
    ContainerProcessor processor,
    Networking networking) {}
