package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * HCS_PROCESS_INFORMATION: {@code DWORD ProcessId; DWORD Reserved; HANDLE StdInput, StdOutput,
 * StdError;} (x64: offsets 0, 4, 8, 16, 24; size 32). The handles belong to the caller.
 */
@CStruct("HCS_PROCESS_INFORMATION")
@Structure.FieldOrder({"ProcessId", "Reserved", "StdInput", "StdOutput", "StdError"})
public class HcsProcessInformation extends Structure {
  public int ProcessId;
  public int Reserved;
  public Pointer StdInput;
  public Pointer StdOutput;
  public Pointer StdError;
}
