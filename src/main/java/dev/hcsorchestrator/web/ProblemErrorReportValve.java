package dev.hcsorchestrator.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page, for the errors Tomcat answers itself before Spring sees the request (an
 * encoded slash or backslash, a NUL, a bad percent escape, an oversized header): a problem detail
 * like every other error, instead of Tomcat's HTML page with its version. Never a stack trace.
 */
class ProblemErrorReportValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int code = response.getStatus();
    // Same guards as Tomcat's own: only errors, only once, only when nothing was written yet.
    if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    HttpStatus status = HttpStatus.resolve(code);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", Problems.TYPE_BLANK.toString());
    body.put("title", status != null ? status.getReasonPhrase() : "Error");
    body.put("status", code);
    body.put(
        "detail",
        code == 400
            ? "The request is malformed (for example an encoded '/', '\\' or NUL in the path)"
            : "The request could not be served");
    // Only a path that is a valid URI reference; the rejected one often is not.
    var instance = Problems.instance(request.getDecodedRequestURI());
    if (instance != null) {
      body.put("instance", instance.toString());
    }
    try {
      Problems.SECURITY_HEADERS.forEach(response::setHeader);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      byte[] bytes = JSON.writeValueAsBytes(body);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the response committed meanwhile: nothing left to tell.
    }
  }
}
