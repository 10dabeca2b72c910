package dev.hcsorchestrator.host.hcs;

/**
 * An HCS_EVENT as delivered to a system or process callback.
 *
 * @param type the HCS_EVENT_TYPE value, one of the constants below
 * @param systemId the system whose handle the callback was registered on; null for a service event
 * @param processId the process id for process events, else null
 * @param eventData the EventData JSON (SystemExitStatus, ProcessStatus, ...), may be null
 */
public record HcsEvent(int type, String systemId, Integer processId, String eventData) {

  public static final int SYSTEM_EXITED = 0x00000001;
  public static final int SYSTEM_CRASH_INITIATED = 0x00000002;
  public static final int SYSTEM_CRASH_REPORT = 0x00000003;
  public static final int SYSTEM_GUEST_CONNECTION_CLOSED = 0x00000006;
  public static final int PROCESS_EXITED = 0x00010000;
  public static final int OPERATION_CALLBACK = 0x01000000;
  public static final int SERVICE_DISCONNECT = 0x02000000;
}
