package dev.hcsorchestrator.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.ResultHandler;

/**
 * Every response of the HTTP tests checked against the committed OpenAPI document ({@code
 * docs/openapi.json}, which {@code OpenApiDocumentIT} keeps equal to the served one): status code
 * documented for the operation, content type and body matching its schema. Requests to paths or
 * methods the document does not describe (actuator, unknown paths, HEAD, OPTIONS) are not checked.
 */
public final class OpenApiContract {

  public static final Path DOCUMENT = Path.of("docs/openapi.json");

  private static volatile OpenApiInteractionValidator validator;

  private OpenApiContract() {}

  private static OpenApiInteractionValidator validator() {
    if (validator == null) {
      synchronized (OpenApiContract.class) {
        if (validator == null) {
          String document;
          try {
            document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          validator =
              OpenApiInteractionValidator.createForInlineApiSpecification(document)
                  .withLevelResolver(
                      LevelResolver.create()
                          // Only responses are checked here; requests are the tests' own choice.
                          .withLevel("validation.request", ValidationReport.Level.IGNORE)
                          .build())
                  .build();
        }
      }
    }
    return validator;
  }

  /** Fails with every mismatch when the response does not fit the document. */
  public static void assertConforms(
      String method,
      String pathAndQuery,
      int status,
      Map<String, List<String>> headers,
      String body) {
    Request.Method m;
    try {
      m = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return;
    }
    if (m == Request.Method.HEAD || m == Request.Method.OPTIONS || m == Request.Method.TRACE) {
      return;
    }
    String path = URI.create(pathAndQuery).getRawPath();
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    headers.forEach(
        (name, values) -> {
          if (name != null && !name.startsWith(":")) {
            response.withHeader(name, values);
          }
        });
    if (body != null && !body.isEmpty()) {
      response.withBody(body);
    }
    ValidationReport report = validator().validateResponse(path, m, response.build());
    if (report.hasErrors()) {
      throw new AssertionError(
          method
              + " "
              + pathAndQuery
              + " answered "
              + status
              + " outside the OpenAPI document "
              + DOCUMENT
              + ":\n"
              + report.getMessages()
              + "\nbody: "
              + body);
    }
  }

  /** The same for a response of {@link java.net.http.HttpClient}. */
  public static <T> HttpResponse<T> conforms(HttpResponse<T> response) {
    assertConforms(
        response.request().method(),
        response.uri().getRawPath()
            + (response.uri().getRawQuery() == null ? "" : "?" + response.uri().getRawQuery()),
        response.statusCode(),
        response.headers().map(),
        response.body() instanceof String s ? s : null);
    return response;
  }

  /** For MockMvc: checks every performed request's response. */
  public static ResultHandler mockMvc() {
    return result -> {
      MockHttpServletRequest request = result.getRequest();
      MockHttpServletResponse response = result.getResponse();
      Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
      for (String name : response.getHeaderNames()) {
        headers.put(name, response.getHeaders(name));
      }
      if (response.getContentType() != null) {
        headers.put("Content-Type", List.of(response.getContentType()));
      }
      assertConforms(
          request.getMethod(),
          request.getRequestURI(),
          response.getStatus(),
          headers,
          response.getContentAsString(StandardCharsets.UTF_8));
    };
  }

  /** {@code @Import} it into a MockMvc test to check all of its responses. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class MockMvcValidation {
    @Bean
    MockMvcBuilderCustomizer openApiResponseValidation() {
      return builder -> builder.alwaysDo(mockMvc());
    }
  }
}
