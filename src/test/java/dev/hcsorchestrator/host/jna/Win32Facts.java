package dev.hcsorchestrator.host.jna;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's table of the Win32 facts its bindings depend on ({@code win32-facts.txt} on the
 * test class path), as Microsoft defines them, each citing its Microsoft Learn page. See the file's
 * head for the format. Adding a binding means adding its facts there.
 */
record Win32Facts(
    Map<String, String> libraries,
    Map<String, Function> functions,
    Map<String, Function> callbacks,
    Map<String, Struct> structs) {

  static final String RESOURCE = "/win32-facts.txt";

  /** A function or callback typedef: result and argument kinds. */
  record Function(String dll, String name, String result, List<String> arguments, String learn) {}

  /** A struct (or an arm of a nameless union): size, alignment, members in order. */
  record Struct(String name, int size, int alignment, List<Member> members, String learn) {

    Optional<Member> member(String memberName) {
      return members.stream().filter(m -> m.name().equals(memberName)).findFirst();
    }

    boolean hasArms() {
      return members.stream().anyMatch(Member::arm);
    }
  }

  /** A member at {@code offset} of {@code size} bytes, of a kind as the file's head lists them. */
  record Member(String name, int offset, int size, String kind) {

    boolean arm() {
      return kind.startsWith("ARM:");
    }

    /** The struct an ARM: or STRUCT_VALUE: member is, else empty. */
    Optional<String> structName() {
      if (kind.startsWith("ARM:")) {
        return Optional.of(kind.substring("ARM:".length()));
      }
      if (kind.startsWith("STRUCT_VALUE:")) {
        return Optional.of(kind.substring("STRUCT_VALUE:".length()));
      }
      return Optional.empty();
    }
  }

  static Win32Facts load() {
    try (InputStream in = Win32Facts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Win32Facts parse(String text) {
    Map<String, String> libraries = new LinkedHashMap<>();
    Map<String, Function> functions = new LinkedHashMap<>();
    Map<String, Function> callbacks = new LinkedHashMap<>();
    Map<String, Struct> structs = new LinkedHashMap<>();
    String struct = null;
    int size = 0;
    int alignment = 0;
    String learn = null;
    List<Member> members = new ArrayList<>();
    int lineNumber = 0;
    for (String raw : (text + "\nend").split("\n")) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] w = line.split("\\s+");
      boolean member = raw.startsWith(" ");
      if (!member && struct != null) {
        structs.put(struct, new Struct(struct, size, alignment, List.copyOf(members), learn));
        struct = null;
        members.clear();
      }
      try {
        if (member) {
          if (struct == null || w.length != 4) {
            throw new IllegalArgumentException("a member line outside a struct, or not 4 words");
          }
          members.add(new Member(w[0], Integer.parseInt(w[1]), Integer.parseInt(w[2]), w[3]));
        } else {
          switch (w[0]) {
            case "library" -> libraries.put(w[1], w[2]);
            case "function" ->
                functions.put(w[2], new Function(w[1], w[2], w[3], arguments(w[4]), w[5]));
            case "callback" ->
                callbacks.put(w[1], new Function(null, w[1], w[2], arguments(w[3]), w[4]));
            case "struct" -> {
              struct = w[1];
              size = Integer.parseInt(w[2]);
              alignment = Integer.parseInt(w[3]);
              learn = w[4];
            }
            case "end" -> {
              // the sentinel that closes the last struct
            }
            default -> throw new IllegalArgumentException("unknown entry " + w[0]);
          }
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            RESOURCE + " line " + lineNumber + ": " + raw + " (" + e.getMessage() + ")", e);
      }
    }
    return new Win32Facts(libraries, functions, callbacks, structs);
  }

  private static List<String> arguments(String list) {
    return list.equals("-") ? List.of() : List.of(list.split(","));
  }
}
