package dev.hcsorchestrator.definition;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Rules for text: no stored string holds NUL, an unpaired UTF-16 surrogate or a bidirectional
 * control character (one walk over every string of a spec, map keys included, so that a new field
 * is covered without a new rule); environment names follow Windows; paths inside a container are
 * absolute Windows paths.
 */
final class StringRules {

  static final String CONTAINER_PATH_MESSAGE =
      "must be an absolute Windows path in the container, such as C:\\data";

  private StringRules() {}

  /** Why {@code s} is not clean, or null when it is. */
  static String unclean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return "must not contain NUL (U+0000, at index " + i + ")";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return "must not contain an unpaired surrogate (" + code(c) + ", at index " + i + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "must not contain an unpaired surrogate (" + code(c) + ", at index " + i + ")";
      }
      if (isBidiControl(c)) {
        return "must not contain the bidirectional control character "
            + code(c)
            + " (at index "
            + i
            + ")";
      }
    }
    return null;
  }

  /** U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069. */
  static boolean isBidiControl(char c) {
    return c == '\u061C'
        || c == '\u200E'
        || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  /** {@code s} safe to echo in an answer: unclean and control characters as {@code \\uXXXX}. */
  static String shown(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c) || Character.isISOControl(c) || isBidiControl(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String code(char c) {
    return String.format("U+%04X", (int) c);
  }

  /**
   * Every string reachable from {@code value} (records, lists, map keys and values), each broken
   * one reported under its JSON path.
   */
  static void clean(Object value, String field, FieldErrors e) {
    if (value == null) {
      return;
    }
    if (value instanceof String s) {
      String why = unclean(s);
      if (why != null) {
        e.add(field, why);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        clean(list.get(i), field + "[" + i + "]", e);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String path = FieldErrors.entry(field, key);
        String why = unclean(key);
        if (why != null) {
          e.add(path, "key " + why);
        }
        clean(entry.getValue(), path, e);
      }
    } else if (value instanceof Record record) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        Object part;
        try {
          part = component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException ex) {
          throw new IllegalStateException("cannot read " + component, ex);
        }
        clean(part, field.isEmpty() ? component.getName() : field + "." + component.getName(), e);
      }
    }
  }

  /** Windows: a name is not empty and has no {@code =}; name, '=' and value fit 32767. */
  static void environment(Map<String, String> environment, String field, FieldErrors e) {
    if (environment == null) {
      return;
    }
    environment.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.indexOf('=') >= 0) {
            e.add(field, "variable names must be non-empty and free of '='");
          } else if (v != null && k.length() + 1 + v.length() > SpecRules.MAX_ENVIRONMENT_ENTRY) {
            e.add(
                FieldErrors.entry(field, k),
                "name, '=' and value must fit " + SpecRules.MAX_ENVIRONMENT_ENTRY + " characters");
          }
        });
  }

  /**
   * {@code C:\} followed by folder names without {@code < > : " | ? *}, control characters, {@code
   * .} or {@code ..}; {@code root} allows {@code C:\} itself. (No regular expression: a long path
   * must not cost more than one pass.)
   */
  static boolean windowsAbsolute(String path, boolean root) {
    if (path == null
        || path.length() < 3
        || !isAsciiLetter(path.charAt(0))
        || path.charAt(1) != ':'
        || path.charAt(2) != '\\') {
      return false;
    }
    String rest = path.substring(3);
    if (rest.isEmpty()) {
      return root;
    }
    String[] segments = rest.split("[\\\\/]", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.isEmpty() ? !last : segment.equals(".") || segment.equals("..")) {
        return false;
      }
      for (int j = 0; j < segment.length(); j++) {
        char c = segment.charAt(j);
        if ("<>:\"|?*".indexOf(c) >= 0 || Character.isISOControl(c)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
