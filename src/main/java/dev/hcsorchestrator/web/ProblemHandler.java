package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where errors become HTTP answers: {@code application/problem+json}, never a stack
 * trace or an internal class name. Spring's own MVC errors (404, 405, 415, ...) come through the
 * base class and get the same shape.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  /** What {@code Retry-After} says when the database cannot serve: the pool's wait, rounded up. */
  private final long retryAfterSeconds;

  ProblemHandler(
      @Value("${spring.datasource.hikari.connection-timeout:30000}") long poolWaitMillis) {
    this.retryAfterSeconds = Math.max(1, (poolWaitMillis + 999) / 1000);
  }

  @ExceptionHandler(DefinitionException.class)
  ResponseEntity<Object> definition(DefinitionException e, WebRequest request) {
    HttpStatus status;
    if (e instanceof DefinitionException.NotFound) {
      status = HttpStatus.NOT_FOUND;
    } else if (e instanceof DefinitionException.Conflict) {
      status = HttpStatus.CONFLICT;
    } else if (e instanceof DefinitionException.PreconditionFailed) {
      status = HttpStatus.PRECONDITION_FAILED;
    } else {
      status = HttpStatus.BAD_REQUEST;
    }
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    if (e instanceof DefinitionException.Invalid invalid) {
      int listed = invalid.errors().size();
      body.setDetail(
          listed == invalid.total()
              ? "The request breaks " + listed + " rule(s); see errors"
              : "The request breaks "
                  + invalid.total()
                  + " rules; errors lists the first "
                  + listed
                  + ", "
                  + (invalid.total() - listed)
                  + " more are left out");
      body.setProperty("errors", invalid.errors().stream().map(ProblemHandler::entry).toList());
    }
    return handleExceptionInternal(e, body, new HttpHeaders(), status, request);
  }

  /** Tomcat refuses a malformed query string or form body (e.g. {@code ?=x}) when it is read. */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> malformedParameters(InvalidParameterException e, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "The query string is malformed (for example a parameter without a name)");
    return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
    if (DatabaseUnavailable.causes(e)) {
      // refused as a whole, nothing stored: the same request may succeed once the database serves
      log.warn("Database unavailable answering {}: {}", describe(request), e.toString());
      ProblemDetail body =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.SERVICE_UNAVAILABLE,
              "The database cannot serve the request now; nothing was changed. Retry after "
                  + retryAfterSeconds
                  + " s");
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
      return handleExceptionInternal(e, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }
    // The only place an unexpected error is logged; the client gets no internals.
    log.error("Unexpected error answering {}", describe(request), e);
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred");
    return handleExceptionInternal(
        e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (causedByTooLargeBody(e)) {
      ProblemDetail body =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONTENT_TOO_LARGE, RequestSizeLimitFilter.tooLargeMessage());
      return handleExceptionInternal(e, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }
    ProblemDetail body = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    JacksonException json = findCause(e, JacksonException.class);
    if (json == null) {
      body.setDetail("The request body is missing or not readable");
    } else {
      String field = path(json);
      String message = describe(json);
      body.setDetail(
          field.isEmpty()
              ? "The request body is not valid JSON: " + message
              : "The request body does not fit the resource at '" + field + "'");
      if (!field.isEmpty()) {
        body.setProperty("errors", List.of(entry(field, message)));
      }
    }
    return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (e.getContentType() != null) {
      return super.handleHttpMediaTypeNotSupported(e, headers, status, request);
    }
    // Spring's own detail would read "Content-Type 'null' is not supported".
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "The request has a body but no Content-Type header; send Content-Type: "
                + MediaType.APPLICATION_JSON_VALUE);
    if (!e.getSupportedMediaTypes().isEmpty()) {
      headers.setAccept(e.getSupportedMediaTypes());
    }
    return handleExceptionInternal(e, body, headers, HttpStatus.UNSUPPORTED_MEDIA_TYPE, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Nothing is served at this path");
    return handleExceptionInternal(e, body, headers, HttpStatus.NOT_FOUND, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = e.getPropertyName() != null ? e.getPropertyName() : "parameter";
    String expected = e.getRequiredType() != null ? jsonType(e.getRequiredType()) : "another value";
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The value of '" + field + "' is not valid");
    body.setProperty("errors", List.of(Map.of("field", field, "message", "must be " + expected)));
    return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** A parameter breaks a Bean Validation constraint of its controller method (page, size, ...). */
  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (ParameterValidationResult result : e.getParameterValidationResults()) {
      String field = result.getMethodParameter().getParameterName();
      RequestParam param = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
      if (param != null && !param.name().isEmpty()) {
        field = param.name();
      }
      for (MessageSourceResolvable error : result.getResolvableErrors()) {
        errors.add(entry(field == null ? "parameter" : field, error.getDefaultMessage()));
      }
    }
    ProblemDetail body = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
    body.setDetail("The request breaks " + errors.size() + " rule(s); see errors");
    body.setProperty("errors", errors);
    return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(e, body, headers, status, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      if (problem.getType() == null) {
        problem.setType(Problems.TYPE_BLANK);
      }
      if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
        problem.setInstance(Problems.instance(servlet.getRequest().getRequestURI()));
      }
      // One content type for every problem, whatever the request's Accept header said.
      HttpHeaders withType = new HttpHeaders();
      withType.putAll(response.getHeaders());
      withType.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
      return new ResponseEntity<>(problem, withType, response.getStatusCode());
    }
    return response;
  }

  private static Map<String, String> entry(DefinitionException.FieldError error) {
    return entry(error.field(), error.message());
  }

  /** One {@code errors[]} entry, {@code field} first. */
  private static Map<String, String> entry(String field, String message) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("field", field);
    entry.put("message", message);
    return entry;
  }

  /**
   * A JSON path such as {@code virtualMachine.disks[0].sizeGB}; map keys (which may hold spaces,
   * dots or slashes) in bracket notation: {@code labels['bad key']}.
   */
  static String path(JacksonException e) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      String name = ref.getPropertyName();
      if (name != null) {
        if (isMap(ref.from()) || !IDENTIFIER.matcher(name).matches()) {
          out.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        } else {
          if (!out.isEmpty()) {
            out.append('.');
          }
          out.append(name);
        }
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static boolean isMap(Object from) {
    return from instanceof Map<?, ?>
        || (from instanceof Class<?> c && Map.class.isAssignableFrom(c));
  }

  /** A message that names what was wrong, without Java class names. */
  private static String describe(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof InputCoercionException c) {
      // A number too large for the field, e.g. 99999999999999999999 for an int.
      return "is out of range: expected "
          + (c.getTargetType() != null ? jsonType(c.getTargetType()) : "a number")
          + " of at most "
          + (c.getTargetType() == long.class || c.getTargetType() == Long.class
              ? Long.MAX_VALUE
              : Integer.MAX_VALUE);
    }
    if (e instanceof StreamReadException
        && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Duplicate Object property")) {
      return "is given more than once";
    }
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      return "must be one of " + List.of(f.getTargetType().getEnumConstants());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "has the wrong type: expected " + jsonType(m.getTargetType());
    }
    if (e.getLocation() != null) {
      return "malformed at line "
          + e.getLocation().getLineNr()
          + ", column "
          + e.getLocation().getColumnNr();
    }
    return "malformed";
  }

  private static String jsonType(Class<?> type) {
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static boolean causedByTooLargeBody(Throwable e) {
    return findCause(e, RequestSizeLimitFilter.BodyTooLargeException.class) != null;
  }

  private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String describe(WebRequest request) {
    if (request instanceof ServletWebRequest servlet) {
      HttpServletRequest r = servlet.getRequest();
      return r.getMethod() + " " + r.getRequestURI();
    }
    return request.getDescription(false);
  }
}
