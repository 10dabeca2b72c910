package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.DefinitionException;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (committed as {@code docs/openapi.json}): what
 * springdoc reads from the controllers and their Bean Validation annotations, plus, in one place,
 * what every {@code /api/**} operation shares: the bearer token, the problem responses and the ETag
 * and Location headers.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "HCS Orchestrator",
            version = "v1",
            description =
                "Keeps declared Hyper-V VMs and Windows containers in their desired state through"
                    + " the Windows Host Compute System. Every /api/** call needs a bearer token:"
                    + " a viewer token for GET, an operator token for anything else. Errors are"
                    + " RFC 9457 problem details (application/problem+json)."),
    // Fixed and relative: never derived from the request's Host header.
    servers = @Server(url = "/", description = "This service"))
@SecurityScheme(
    name = OpenApiConfig.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "A token from hcs.security.tokens or the generated data/operator.token")
class OpenApiConfig {

  static final String BEARER = "bearerAuth";
  static final String PROBLEM = "Problem";
  private static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** RFC 9457 problem details as this service writes them. */
  @Schema(name = PROBLEM, description = "RFC 9457 problem details")
  record Problem(
      @Schema(description = "about:blank", requiredMode = Schema.RequiredMode.REQUIRED) URI type,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String title,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int status,
      String detail,
      @Schema(description = "The request's path") URI instance,
      @Schema(description = "One entry per broken rule (400 only)")
          List<DefinitionException.FieldError> errors) {}

  @Bean
  OpenApiCustomizer apiContract() {
    return openApi -> {
      ModelConverters.getInstance()
          .readAll(Problem.class)
          .forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
      openApi
          .getPaths()
          .forEach(
              (path, item) -> {
                if (path.startsWith("/api/")) {
                  item.readOperationsMap().forEach((method, op) -> shared(method, op));
                }
              });
      sortResponses(openApi);
    };
  }

  private static void shared(PathItem.HttpMethod method, Operation op) {
    op.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
    ApiResponses responses = op.getResponses();
    addIfAbsent(responses, 400, "The request is malformed or breaks a rule (see errors)");
    addIfAbsent(responses, 401, "No valid bearer token");
    if (method != PathItem.HttpMethod.GET) {
      addIfAbsent(responses, 403, "The token's role (viewer) does not allow this");
    }
    addIfAbsent(responses, 406, "The Accept header admits no representation of the answer");
    if (op.getRequestBody() != null) {
      addIfAbsent(responses, 413, "The body is over 1 MiB");
      addIfAbsent(responses, 415, "The body is not application/json");
    }
    // Never for anything a client sends; a failure inside the service (logged there).
    addIfAbsent(responses, 500, "An internal error; the service log has the details");
    addIfAbsent(
        responses,
        503,
        "The database cannot serve now (unreachable, no connection free, closed); nothing was"
            + " changed: retry after Retry-After seconds");
    responses.forEach(
        (code, response) -> {
          if ((code.startsWith("4") || code.startsWith("5")) && code.length() == 3) {
            response.setContent(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType()
                            .schema(
                                new io.swagger.v3.oas.models.media.Schema<>()
                                    .$ref("#/components/schemas/" + PROBLEM))));
          }
          if (returnsDefinition(response)) {
            response.addHeaderObject(
                "ETag",
                new Header()
                    .description("The definition's generation as a strong entity tag, e.g. \"3\"")
                    .schema(new StringSchema()));
          }
          if (code.equals("503")) {
            response.addHeaderObject(
                "Retry-After",
                new Header()
                    .description("Seconds after which the request may succeed")
                    .schema(new IntegerSchema()));
          }
          if (code.equals("201")) {
            response.addHeaderObject(
                "Location",
                new Header().description("The created resource's path").schema(new StringSchema()));
          }
        });
  }

  private static boolean returnsDefinition(ApiResponse response) {
    if (response.getContent() == null) {
      return false;
    }
    return response.getContent().values().stream()
        .anyMatch(
            m ->
                m.getSchema() != null
                    && ("#/components/schemas/DefinitionResponse").equals(m.getSchema().get$ref()));
  }

  private static void addIfAbsent(ApiResponses responses, int code, String description) {
    String key = Integer.toString(code);
    if (!responses.containsKey(key)) {
      responses.addApiResponse(key, new ApiResponse().description(description));
    }
  }

  /** Status codes in ascending order, so that the committed document stays stable. */
  private static void sortResponses(OpenAPI openApi) {
    openApi
        .getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations()
                    .forEach(
                        op -> {
                          Map<String, ApiResponse> sorted = new TreeMap<>(op.getResponses());
                          ApiResponses responses = new ApiResponses();
                          sorted.forEach(responses::addApiResponse);
                          op.setResponses(responses);
                        }));
  }
}
