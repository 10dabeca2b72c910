package dev.hcsorchestrator.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem details from servlet filters, where the MVC exception handler does not
 * reach (size limit, authentication, authorization).
 */
@Component
class Problems {

  static final URI TYPE_BLANK = URI.create("about:blank");

  /**
   * The headers Spring Security's defaults add to every response it sees, for the responses it
   * never sees (Tomcat's own errors in {@link ProblemErrorReportValve}); a test compares both.
   */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "X-Content-Type-Options", "nosniff",
          "X-XSS-Protection", "0",
          "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate",
          "Pragma", "no-cache",
          "Expires", "0",
          "X-Frame-Options", "DENY");

  private final JsonMapper json = JsonMapper.builder().build();

  /** The request path as a problem's {@code instance}; null if it is no valid URI reference. */
  static URI instance(String path) {
    try {
      return path == null ? null : URI.create(path);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BLANK.toString());
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("instance", request.getRequestURI());
    response.setStatus(status.value());
    // JSON is UTF-8 by definition (RFC 8259): no charset parameter, the same type as every problem.
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(body));
    response.flushBuffer();
  }
}
