package dev.hcsorchestrator.host.hcs;

/**
 * computecore.dll, one method per native operation, addressed by compute system id instead of
 * handle. Implementations own the handles: create and open register for the system's events; {@link
 * #closeComputeSystem} releases them. Each method returns when the operation completed (or was
 * accepted, for shutdown and terminate, whose completion is the exit event) and throws {@link
 * HcsException} with the HRESULT and any {@code ResultError} document otherwise. Option and query
 * arguments may be null where the native function allows NULL.
 */
public interface ComputeCore {

  /** HcsCreateComputeSystem with {@code configuration} (a ComputeSystem document). */
  void createComputeSystem(String id, String configuration);

  /** HcsOpenComputeSystem, registering for events; a no-op if this instance holds it open. */
  void openComputeSystem(String id);

  /** HcsCloseComputeSystem: no further events for it. A no-op for an unknown id. */
  void closeComputeSystem(String id);

  void startComputeSystem(String id, String options);

  void shutDownComputeSystem(String id, String options);

  void terminateComputeSystem(String id, String options);

  void pauseComputeSystem(String id, String options);

  void resumeComputeSystem(String id, String options);

  /** HcsSaveComputeSystem with a SaveOptions document. */
  void saveComputeSystem(String id, String options);

  /** HcsGetComputeSystemProperties; returns the Properties document. */
  String getComputeSystemProperties(String id, String propertyQuery);

  /** HcsEnumerateComputeSystems with a SystemQuery; returns a JSON array of Properties. */
  String enumerateComputeSystems(String query);

  /** HcsCreateProcess with ProcessParameters; returns the process id. */
  int createProcess(String systemId, String processParameters);

  void terminateProcess(String systemId, int processId, String options);

  void closeProcess(String systemId, int processId);

  /** HcsGetServiceProperties; returns the ServiceProperties document. */
  String getServiceProperties(String propertyQuery);

  void grantVmAccess(String vmId, String filePath);

  void revokeVmAccess(String vmId, String filePath);

  void createEmptyGuestStateFile(String path);

  void createEmptyRuntimeStateFile(String path);

  /**
   * The one receiver of system and process events for every system this instance holds open. Called
   * off the native thread; must return quickly.
   */
  void setEventListener(HcsEventListener listener);
}
