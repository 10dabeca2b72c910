package dev.hcsorchestrator.host.hcs;

/**
 * Hyper-V socket service registrations: the {@code HKLM\SOFTWARE\Microsoft\Windows
 * NT\CurrentVersion\Virtualization\GuestCommunicationServices} subkeys, one per service GUID, with
 * their {@code ElementName}. The service makes none (a VM's document grants its sockets); it only
 * removes those an earlier release made.
 */
public interface HvSocketRegistry {

  /** Deletes the subkey; {@link HResults#E_FILE_NOT_FOUND} when there is none. */
  void unregister(String serviceId);
}
