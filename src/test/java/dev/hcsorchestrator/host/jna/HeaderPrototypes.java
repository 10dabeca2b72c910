package dev.hcsorchestrator.host.jna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter types of the header prototypes, read from the header text. The reading is only a
 * way to name each parameter's C type: the generated check asserts that the prototype so read is
 * the compiler's own ({@code __builtin_types_compatible_p} with the function), so a misreading
 * fails the compile instead of weakening the check.
 */
final class HeaderPrototypes {

  /** One declaration as read: the return type (callback typedefs only) and parameter types. */
  record Prototype(String name, String returnType, List<String> parameterTypes) {}

  private final String text;

  private HeaderPrototypes(String text) {
    this.text = text;
  }

  static HeaderPrototypes read(List<Path> headers) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path header : headers) {
      String content = Files.readString(header, StandardCharsets.ISO_8859_1);
      // Drop comments and join lines so that a declaration is one run of text.
      content = content.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
      all.append(content.replaceAll("\\s+", " ")).append('\n');
    }
    return new HeaderPrototypes(all.toString());
  }

  /**
   * A function declared {@code ... WINAPI name(params);}, or as ole32 declares its own, {@code
   * WINOLEAPI_(type) name(params);} (CoTaskMemFree).
   */
  Optional<Prototype> function(String name) {
    Matcher m =
        Pattern.compile(
                "\\b(?:WINAPI|WINOLEAPI_\\s*\\([^()]*\\))\\s+"
                    + Pattern.quote(name)
                    + "\\s*\\(([^()]*)\\)\\s*;")
            .matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new Prototype(name, null, parameterTypes(m.group(1))));
  }

  /** A function pointer type declared {@code typedef R (CALLBACK *name)(params);}. */
  Optional<Prototype> callbackTypedef(String name) {
    Matcher m =
        Pattern.compile(
                "\\btypedef\\s+([A-Za-z_][\\w\\s*]*?)\\s*\\(\\s*(?:CALLBACK|WINAPI|__stdcall)?\\s*\\*\\s*"
                    + Pattern.quote(name)
                    + "\\s*\\)\\s*\\(([^()]*)\\)\\s*;")
            .matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new Prototype(name, m.group(1).trim(), parameterTypes(m.group(2))));
  }

  private static List<String> parameterTypes(String list) {
    String trimmed = list.trim();
    if (trimmed.isEmpty() || trimmed.equals("void") || trimmed.equals("VOID")) {
      return List.of();
    }
    List<String> types = new ArrayList<>();
    for (String parameter : trimmed.split(",")) {
      types.add(withoutName(parameter.trim()));
    }
    return types;
  }

  /** {@code const void *context} is {@code const void *}; a lone type name stays as it is. */
  private static String withoutName(String parameter) {
    List<String> tokens =
        new ArrayList<>(Arrays.asList(parameter.replace("*", " * ").trim().split("\\s+")));
    String last = tokens.get(tokens.size() - 1);
    boolean named = tokens.size() > 1 && last.matches("[A-Za-z_]\\w*") && !isTypeWord(last);
    if (named) {
      tokens.remove(tokens.size() - 1);
    }
    return String.join(" ", tokens).replace(" *", "*").replace("*", " *").trim();
  }

  private static boolean isTypeWord(String word) {
    return List.of("int", "long", "short", "char", "unsigned", "signed", "const", "void")
        .contains(word);
  }
}
