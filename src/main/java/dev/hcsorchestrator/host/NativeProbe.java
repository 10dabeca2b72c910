package dev.hcsorchestrator.host;

import dev.hcsorchestrator.host.jna.NativeHost;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Host Compute Service answers on this Windows host, asked once per run for {@code
 * hcs.host.mode=auto}; when it does not, the reason is logged and the simulated host is used.
 */
final class NativeProbe {

  private static final Logger log = LoggerFactory.getLogger(NativeProbe.class);
  private static volatile Boolean answers;

  private NativeProbe() {}

  static boolean answers() {
    Boolean known = answers;
    if (known == null) {
      synchronized (NativeProbe.class) {
        if (answers == null) {
          Optional<String> reason = NativeHost.unavailableReason(NativeHost.DEFAULT_LIBRARY);
          reason.ifPresent(
              r ->
                  log.warn(
                      "hcs.host.mode=auto: using the simulated host on Windows because {}", r));
          answers = reason.isEmpty();
        }
        known = answers;
      }
    }
    return known;
  }
}
