package dev.hcsorchestrator.definition;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects one {@link DefinitionException.FieldError} per broken rule, each once, with JSON paths
 * such as {@code virtualMachine.disks[0].name} and map entries in bracket notation. Linear in the
 * number of findings; the answer lists the first {@link DefinitionException.Invalid#LISTED} and
 * counts the rest.
 */
final class FieldErrors {

  private final List<DefinitionException.FieldError> list = new ArrayList<>();
  private final Set<DefinitionException.FieldError> seen = new HashSet<>();
  private final Set<String> fields = new HashSet<>();
  private int unlisted;

  void add(String field, String message) {
    DefinitionException.FieldError error = new DefinitionException.FieldError(field, message);
    if (seen.add(error)) {
      fields.add(field);
      if (list.size() < DefinitionException.Invalid.LISTED) {
        list.add(error);
      }
    }
  }

  /** Bean Validation's findings, ordered by field so that the answer does not vary. */
  <T> void addAll(Set<ConstraintViolation<T>> violations) {
    violations.stream()
        .map(v -> new DefinitionException.FieldError(path(v.getPropertyPath()), v.getMessage()))
        .sorted(
            Comparator.comparing(DefinitionException.FieldError::field)
                .thenComparing(DefinitionException.FieldError::message))
        .forEach(e -> add(e.field(), e.message()));
  }

  boolean has(String field) {
    return fields.contains(field);
  }

  /** {@code n} more findings, each distinct from every other, beyond those an answer lists. */
  void countUnlisted(int n) {
    unlisted += n;
  }

  /** How many findings were added or counted. */
  int count() {
    return seen.size() + unlisted;
  }

  void throwIfAny() {
    if (count() > 0) {
      throw new DefinitionException.Invalid(list, count());
    }
  }

  /** The JSON path of a map entry, in bracket notation: keys may hold spaces, dots, slashes. */
  static String entry(String map, String key) {
    return map + "['" + StringRules.shown(key).replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  /** {@code a.b[0].c}, {@code labels['k']}: container element nodes add only their index or key. */
  static String path(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      if (node.isInIterable()) {
        if (node.getIndex() != null) {
          out.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          out.replace(0, out.length(), entry(out.toString(), String.valueOf(node.getKey())));
        }
      }
      if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
        out.append(out.isEmpty() ? "" : ".").append(node.getName());
      }
    }
    return out.toString();
  }
}
