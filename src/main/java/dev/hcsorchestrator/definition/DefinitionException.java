package dev.hcsorchestrator.definition;

import java.util.List;

/**
 * Why an owner's request was refused. Classified here, mapped to HTTP once in {@code web}. Nothing
 * is stored when one is thrown.
 */
public abstract sealed class DefinitionException extends RuntimeException {

  DefinitionException(String message) {
    super(message);
  }

  /** 404 */
  public static final class NotFound extends DefinitionException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** 409: the name exists, the action does not fit the kind, a network is in use, ... */
  public static final class Conflict extends DefinitionException {
    public Conflict(String message) {
      super(message);
    }
  }

  /** 412: {@code If-Match} did not match the current generation. */
  public static final class PreconditionFailed extends DefinitionException {
    public PreconditionFailed(String message) {
      super(message);
    }
  }

  /**
   * 400 with one entry per broken rule, the first {@link #LISTED} of them: a hostile body breaking
   * thousands of rules gets a short answer that counts the rest.
   */
  public static final class Invalid extends DefinitionException {

    /** How many broken rules an answer lists at most. */
    public static final int LISTED = 100;

    private final List<FieldError> errors;
    private final int total;

    public Invalid(List<FieldError> errors) {
      this(errors, errors.size());
    }

    /** {@code total}: how many rules were broken, {@code errors} the first ones found. */
    public Invalid(List<FieldError> errors, int total) {
      super("The definition breaks " + total + " rule(s)");
      this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), LISTED)));
      this.total = Math.max(total, this.errors.size());
    }

    /** The broken rules listed, at most {@link #LISTED}. */
    public List<FieldError> errors() {
      return errors;
    }

    /** How many rules were broken, listed or not. */
    public int total() {
      return total;
    }
  }

  /**
   * One broken rule; {@code field} is a JSON path such as {@code virtualMachine.disks[0].sizeGB}.
   */
  public record FieldError(String field, String message) {}
}
