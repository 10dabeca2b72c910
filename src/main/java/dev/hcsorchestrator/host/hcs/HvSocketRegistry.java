package dev.hcsorchestrator.host.hcs;

import java.util.Map;

/**
 * Hyper-V socket service registrations: the {@code HKLM\SOFTWARE\Microsoft\Windows
 * NT\CurrentVersion\Virtualization\GuestCommunicationServices} subkeys, one per service GUID, with
 * their {@code ElementName}.
 */
public interface HvSocketRegistry {

  /** Creates or updates the subkey of {@code serviceId} with this ElementName. */
  void register(String serviceId, String elementName);

  /** Deletes the subkey; {@link HResults#E_FILE_NOT_FOUND} when there is none. */
  void unregister(String serviceId);

  /** Every registration: service GUID to ElementName. */
  Map<String, String> registrations();
}
