package dev.hcsorchestrator.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads (functions, labels and keywords left out). */
final class PromQlNames {

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w(])\\s*(?!\\()");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "offset", "bool", "inf", "nan", "by", "without");

  private PromQlNames() {}

  static Set<String> of(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher lv = LABEL_VALUES.matcher(expression);
    while (lv.find()) {
      names.add(lv.group(1));
    }
    String rest = LABEL_VALUES.matcher(expression).replaceAll(" ");
    rest = STRINGS.matcher(rest).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGES.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String word = m.group(1);
      int after = m.end(1);
      while (after < rest.length() && Character.isWhitespace(rest.charAt(after))) {
        after++;
      }
      boolean call = after < rest.length() && rest.charAt(after) == '(';
      if (!call && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}
