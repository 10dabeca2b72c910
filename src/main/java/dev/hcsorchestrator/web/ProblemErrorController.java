package dev.hcsorchestrator.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors raised outside Spring MVC (servlet filters, the container) end up on {@code /error}; this
 * answers them as problem details too, instead of Boot's default error body.
 */
@Controller
class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    if (request.getDispatcherType() != DispatcherType.ERROR) {
      // Asked for directly: /error is no resource, so it answers like any unknown path.
      ProblemDetail body =
          ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Nothing is served at this path");
      body.setType(Problems.TYPE_BLANK);
      body.setInstance(Problems.instance(request.getRequestURI()));
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(body);
    }
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer value && HttpStatus.resolve(value) != null
            ? HttpStatus.valueOf(value)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            status,
            status.is5xxServerError()
                ? "An internal error occurred"
                : "The request could not be served: " + status.getReasonPhrase());
    body.setType(Problems.TYPE_BLANK);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    body.setInstance(Problems.instance(uri instanceof String s ? s : request.getRequestURI()));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
