package dev.hcsorchestrator.host.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;

/**
 * HCS_EVENT: {@code HCS_EVENT_TYPE Type; PCWSTR EventData; HCS_OPERATION Operation;} (x64: offsets
 * 0, 8, 16; size 24). Read in place from the callback's pointer; EventData (a PCWSTR, hence {@link
 * WString}) belongs to HCS and is copied by the read, never freed.
 */
@CStruct("HCS_EVENT")
@Structure.FieldOrder({"Type", "EventData", "Operation"})
public class HcsEventStructure extends Structure {
  public int Type;
  public WString EventData;
  public Pointer Operation;

  public HcsEventStructure() {}

  public HcsEventStructure(Pointer event) {
    super(event);
    read();
  }

  /** The EventData JSON copied out of HCS memory, or null. */
  public String eventData() {
    return EventData == null ? null : EventData.toString();
  }
}
