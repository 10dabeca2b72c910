package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.definition.DefinitionException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code If-Match} or {@code If-None-Match} header as RFC 9110 section 13.1 defines it: {@code
 * *} or a comma-separated list of entity tags ({@code "3"}, {@code W/"3"}). A definition's tag is
 * its generation, {@code "<generation>"}, always strong.
 *
 * @param any the header is {@code *}
 * @param tags the listed tags, in order (empty when {@code any})
 */
record EntityTags(boolean any, List<Tag> tags) {

  /** One entity tag: {@code opaque} is the text between the quotes. */
  record Tag(boolean weak, String opaque) {}

  // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE ; etagc = %x21 / %x23-7E / obs-text
  private static final Pattern TAG =
      Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"\\s*");

  /**
   * The parsed header, or null when absent.
   *
   * @throws DefinitionException.Invalid if the header is present but not well formed (a 400)
   */
  static EntityTags parse(String header, String name) {
    if (header == null) {
      return null;
    }
    if (header.trim().equals("*")) {
      return new EntityTags(true, List.of());
    }
    List<Tag> tags = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      Matcher m = TAG.matcher(part);
      if (!m.matches()) {
        throw new DefinitionException.Invalid(
            List.of(
                new FieldError(
                    name,
                    "must be * or a list of entity tags such as \"3\", got '" + header + "'")));
      }
      tags.add(new Tag(m.group(1) != null, m.group(2)));
    }
    return new EntityTags(false, List.copyOf(tags));
  }

  /** Strong comparison (If-Match): a weak tag never matches. */
  boolean matchesStrongly(long generation) {
    return any || tags.stream().anyMatch(t -> !t.weak() && t.opaque().equals(opaque(generation)));
  }

  /** Weak comparison (If-None-Match). */
  boolean matchesWeakly(long generation) {
    return any || tags.stream().anyMatch(t -> t.opaque().equals(opaque(generation)));
  }

  /**
   * The generation a client names when it sends exactly one strong tag that is a generation; null
   * when it sends anything else.
   */
  Long singleGeneration() {
    if (any || tags.size() != 1 || tags.get(0).weak()) {
      return null;
    }
    try {
      long value = Long.parseLong(tags.get(0).opaque());
      return opaque(value).equals(tags.get(0).opaque()) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String opaque(long generation) {
    return Long.toString(generation);
  }
}
