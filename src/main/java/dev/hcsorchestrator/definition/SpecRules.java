package dev.hcsorchestrator.definition;

/**
 * The patterns and limits of the definition field table (README.md), as constants so that the Bean
 * Validation annotations on the request records (and with them the OpenAPI document) and the rules
 * checked in code share one source.
 */
final class SpecRules {

  static final String NAME = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  static final String NAME_MESSAGE = "must match " + NAME;
  static final String LABEL_KEY = "^[a-zA-Z0-9._/-]{1,63}$";
  static final String MAC = "^([0-9A-F]{2}-){5}[0-9A-F]{2}$";

  /** Any GUID spelling an owner may give; stored in {@link #canonicalGuid} form. */
  static final String GUID =
      "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "|\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\})$";

  /**
   * A socket service's name: 1..64 characters, none a control character and no backslash. Written
   * in the regex subset Java and ECMA 262 (OpenAPI's pattern dialect) read alike: no {@code \p{}}.
   */
  static final String SOCKET_NAME = "^[^\\x00-\\x1F\\x7F\\\\]{1,64}$";

  static final String NETWORK_NAME = "^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$";

  static final int MAX_LABELS = 64;
  static final int MAX_LABEL_VALUE = 256;
  static final int MAX_DISKS = 64;
  static final int MAX_ADAPTERS = 8;
  static final int MAX_SOCKETS = 16;
  static final int MAX_LAYERS = 127;
  static final int MAX_COMMAND = 32767;
  static final int MAX_PROCESSORS = 240;
  static final int MAX_SIZE_GB = 65536;
  static final long MIN_MEMORY_MB = 32;
  static final long MAX_MEMORY_MB = 12_582_912L;
  static final String MEMORY_MESSAGE = "must be an even number between 32 and 12582912";

  /** Windows' limit for one environment variable (name, '=' and value). */
  static final int MAX_ENVIRONMENT_ENTRY = 32767;

  /** Longest path a Windows API accepts with the {@code \\?\} prefix. */
  static final int MAX_PATH = 32767;

  private SpecRules() {}

  /** {@code 6c4eb1be-40f8-4f8e-a1b4-3a4a6f1b8a11}: lower case, no braces. */
  static String canonicalGuid(String guid) {
    if (guid == null || !guid.matches(GUID)) {
      return guid;
    }
    String bare = guid.startsWith("{") ? guid.substring(1, 37) : guid;
    return bare.toLowerCase(java.util.Locale.ROOT);
  }
}
