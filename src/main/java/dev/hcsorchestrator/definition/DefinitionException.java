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

  /** 400 with one entry per broken rule. */
  public static final class Invalid extends DefinitionException {
    private final List<FieldError> errors;

    public Invalid(List<FieldError> errors) {
      super("The definition breaks " + errors.size() + " rule(s)");
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /**
   * One broken rule; {@code field} is a JSON path such as {@code virtualMachine.disks[0].sizeGB}.
   */
  public record FieldError(String field, String message) {}
}
