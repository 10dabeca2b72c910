package dev.hcsorchestrator.host.simulated;

import dev.hcsorchestrator.host.hcs.schema.NotificationType;
import dev.hcsorchestrator.host.hcs.schema.ProcessDetails;
import dev.hcsorchestrator.host.hcs.schema.Properties;
import dev.hcsorchestrator.host.hcs.schema.State;
import dev.hcsorchestrator.host.hcs.schema.SystemType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** One compute system; guarded by its own monitor. */
final class SimSystem {
  final String id;
  final String owner;
  final SystemType type;
  final String runtimeId;
  // The document as created, deflated: read only when the system starts, shuts down or is
  // restored, and at 10,000 systems the plain text held about 8 MB (paths repeat within it).
  private final byte[] packed;
  private final int length;
  final Map<Integer, SimProcess> processes = new LinkedHashMap<>();
  State state = State.Created;
  NotificationType stopping;
  NotificationType exitType;
  // Read without the monitor by lookups that only route the call.
  volatile boolean gone;

  SimSystem(String id, String owner, SystemType type, String runtimeId, String document) {
    this.id = id;
    this.owner = owner;
    this.type = type;
    this.runtimeId = runtimeId;
    byte[] plain = document.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(plain);
      deflater.finish();
      byte[] out = new byte[plain.length + 64];
      int n = 0;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      this.packed = Arrays.copyOf(out, n);
      this.length = plain.length;
    } finally {
      deflater.end();
    }
  }

  /** The document the system was created with. */
  String document() {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(packed);
      byte[] plain = new byte[length];
      int n = 0;
      while (n < length) {
        int got = inflater.inflate(plain, n, length - n);
        if (got == 0 && (inflater.finished() || inflater.needsInput())) {
          break;
        }
        n += got;
      }
      return new String(plain, 0, n, StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalStateException("simulated system document unreadable", e);
    } finally {
      inflater.end();
    }
  }

  static SimSystem from(SimulatorStore.SystemRecord r) {
    SimSystem s = new SimSystem(r.id(), r.owner(), r.type(), r.runtimeId(), r.document());
    s.state = r.state();
    if (r.processes() != null) {
      r.processes()
          .forEach(
              p ->
                  s.processes.put(
                      p.pid(), new SimProcess(p.pid(), p.image(), p.exited(), p.exitCode())));
    }
    return s;
  }

  SimulatorStore.SystemRecord toRecord() {
    return new SimulatorStore.SystemRecord(
        id,
        owner,
        type,
        runtimeId,
        state,
        document(),
        processes.values().stream()
            .map(
                p -> new SimulatorStore.ProcessRecord(p.pid(), p.image(), p.exited(), p.exitCode()))
            .toList());
  }

  Properties properties(boolean withProcesses) {
    if (gone) {
      return new Properties(id, type, null, owner, runtimeId, null, true, exitType, null);
    }
    List<ProcessDetails> list =
        withProcesses
            ? processes.values().stream()
                .filter(p -> !p.exited())
                .map(p -> new ProcessDetails((long) p.pid(), p.image()))
                .toList()
            : null;
    return new Properties(id, type, null, owner, runtimeId, state, null, null, list);
  }
}
