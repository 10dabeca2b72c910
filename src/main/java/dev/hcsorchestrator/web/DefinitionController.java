package dev.hcsorchestrator.web;

import dev.hcsorchestrator.definition.Definition;
import dev.hcsorchestrator.definition.DefinitionEvent;
import dev.hcsorchestrator.definition.DefinitionException;
import dev.hcsorchestrator.definition.DefinitionException.FieldError;
import dev.hcsorchestrator.definition.DefinitionPage;
import dev.hcsorchestrator.definition.DefinitionQuery;
import dev.hcsorchestrator.definition.DefinitionSpec;
import dev.hcsorchestrator.definition.Definitions;
import dev.hcsorchestrator.definition.Kind;
import dev.hcsorchestrator.definition.Phase;
import dev.hcsorchestrator.fleet.Fleet;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/definitions}: the definitions resource (create, replace, list, read) and its
 * events; delete and the owner's actions are {@link DefinitionActionController}'s.
 */
@RestController
@Tag(name = "definitions", description = "Declared VMs and containers, their actions and events")
@RequestMapping(path = "/api/v1/definitions", produces = MediaType.APPLICATION_JSON_VALUE)
class DefinitionController {

  static final int MAX_PAGE_SIZE = 500;
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int DEFAULT_EVENTS = 50;
  static final int MAX_EVENTS = 1000;

  private final Definitions definitions;
  private final Fleet fleet;

  DefinitionController(Definitions definitions, Fleet fleet) {
    this.definitions = definitions;
    this.fleet = fleet;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "createDefinition", summary = "Create a definition")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "409", description = "A definition of this name exists")
  ResponseEntity<DefinitionResponse> create(@RequestBody DefinitionSpec spec) {
    Definition created = definitions.create(spec);
    return withEtag(ResponseEntity.created(location(created.name())), created);
  }

  @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "replaceDefinition",
      summary = "Create or replace the definition of this name",
      description =
          "Creates the definition (201) or replaces its spec (200). The kind of an existing"
              + " definition cannot change. If-Match makes the replacement conditional on the"
              + " current generation, If-None-Match: * makes the call create-only.")
  @ApiResponse(responseCode = "200", description = "Replaced")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(
      responseCode = "409",
      description = "The definition is being deleted, or the kind would change")
  @ApiResponse(
      responseCode = "412",
      description =
          "If-Match names no current generation (also when the definition changed meanwhile), or"
              + " If-None-Match matches the existing definition")
  ResponseEntity<DefinitionResponse> put(
      @PathVariable String name,
      @Parameter(
              description =
                  "Replace only if the current generation is one of these entity tags (the ETag of"
                      + " a read, e.g. \"3\"), or * to replace only an existing definition")
          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false)
          String ifMatch,
      @Parameter(
              description =
                  "* to create only: 412 if a definition of this name exists; or entity tags the"
                      + " current generation must not match")
          @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
          String ifNoneMatch,
      @RequestBody DefinitionSpec spec) {
    EntityTags match = EntityTags.parse(ifMatch, HttpHeaders.IF_MATCH);
    EntityTags noneMatch = EntityTags.parse(ifNoneMatch, HttpHeaders.IF_NONE_MATCH);
    if (noneMatch != null && noneMatch.any()) {
      return createOnly(name, spec);
    }
    Long expected = expectedGeneration(name, match, noneMatch);
    Definitions.PutResult<Definition> result = definitions.put(name, spec, expected);
    Definition d = result.value();
    return withEtag(
        result.created() ? ResponseEntity.created(location(d.name())) : ResponseEntity.ok(), d);
  }

  /**
   * {@code If-None-Match: *}: create, or 412 when the name exists (also when created meanwhile).
   */
  private ResponseEntity<DefinitionResponse> createOnly(String name, DefinitionSpec spec) {
    if (spec.name() != null && !spec.name().equals(name)) {
      throw new DefinitionException.Invalid(
          List.of(new FieldError("name", "must equal the name in the path ('" + name + "')")));
    }
    try {
      Definition created = definitions.create(spec.withName(name));
      return withEtag(ResponseEntity.created(location(created.name())), created);
    } catch (DefinitionException.Conflict e) {
      if (definitions.find(name).isEmpty()) {
        throw e; // a conflict of another kind (a disk another definition claims)
      }
      throw new DefinitionException.PreconditionFailed(
          "If-None-Match: * given, but a definition named '" + name + "' exists");
    }
  }

  @GetMapping
  @Operation(
      operationId = "listDefinitions",
      summary = "List definitions, sorted by name",
      description = "Filters combine with AND; label=key=value may be given more than once.")
  @ApiResponse(responseCode = "200", description = "One page of definitions")
  PageResponse<DefinitionResponse> list(
      @RequestParam(required = false) Kind kind,
      @RequestParam(required = false) Phase phase,
      @Parameter(description = "key=value; only definitions carrying every given label")
          @RequestParam(name = "label", required = false)
          List<String> labels,
      @Parameter(description = "Zero-based page number") @RequestParam(defaultValue = "0") @Min(0)
          int page,
      @Parameter(description = "Page size")
          @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE)
          @Min(1)
          @Max(MAX_PAGE_SIZE)
          int size) {
    List<FieldError> errors = new ArrayList<>();
    // page >= 0 and size in 1..MAX_PAGE_SIZE: Bean Validation on the parameters.
    if ((long) page * size > Integer.MAX_VALUE) {
      errors.add(
          new FieldError(
              "page", "must be at most " + Integer.MAX_VALUE / size + " with size " + size));
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String label : labels == null ? List.<String>of() : labels) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        errors.add(new FieldError("label", "must be key=value, got '" + label + "'"));
      } else {
        wanted.put(label.substring(0, eq), label.substring(eq + 1));
      }
    }
    if (!errors.isEmpty()) {
      throw new DefinitionException.Invalid(errors);
    }
    DefinitionPage result = definitions.list(new DefinitionQuery(kind, phase, wanted, page, size));
    return new PageResponse<>(
        result.content().stream().map(fleet::shown).map(DefinitionResponse::of).toList(),
        new PageResponse.PageInfo(
            result.size(), result.number(), result.totalElements(), result.totalPages()));
  }

  @GetMapping("/{name}")
  @Operation(operationId = "getDefinition", summary = "Read a definition with its status")
  @ApiResponse(responseCode = "200", description = "The definition; ETag is its generation")
  @ApiResponse(responseCode = "304", description = "If-None-Match matched the current ETag")
  @ApiResponse(responseCode = "404", description = "No definition of this name")
  ResponseEntity<DefinitionResponse> get(@PathVariable String name) {
    // a definition of a lost host shows phase Unknown
    return withEtag(ResponseEntity.ok(), fleet.shown(require(name)));
  }

  @GetMapping("/{name}/events")
  @Operation(
      operationId = "listDefinitionEvents",
      summary = "The definition's events, newest first")
  @ApiResponse(responseCode = "200", description = "At most limit events")
  @ApiResponse(responseCode = "404", description = "No definition of this name")
  List<DefinitionEvent> events(
      @PathVariable String name,
      @Parameter(description = "How many events at most")
          @RequestParam(defaultValue = "" + DEFAULT_EVENTS)
          @Min(1)
          @Max(MAX_EVENTS)
          int limit) {
    return definitions.events(name, limit);
  }

  private Definition require(String name) {
    return definitions
        .find(name)
        .orElseThrow(() -> new DefinitionException.NotFound("No definition named '" + name + "'"));
  }

  /**
   * The generation {@code If-Match} requires (null: none required), after refusing what cannot
   * match: RFC 9110 section 13.2.2 evaluates If-Match first, then If-None-Match.
   */
  private Long expectedGeneration(String name, EntityTags match, EntityTags noneMatch) {
    if (match == null && noneMatch == null) {
      return null;
    }
    Long single = match != null ? match.singleGeneration() : null;
    if (single != null && noneMatch == null) {
      return single; // the store compares it with the current generation
    }
    Optional<Definition> found = definitions.find(name);
    if (found.isEmpty()) {
      if (match != null) {
        throw new DefinitionException.PreconditionFailed(
            "If-Match given, but no definition named '" + name + "' exists");
      }
      return null; // If-None-Match with tags: nothing to match, so the PUT may create
    }
    Definition current = found.get();
    if (match != null && !match.matchesStrongly(current.generation())) {
      throw new DefinitionException.PreconditionFailed(
          "If-Match "
              + match.tags().stream()
                  .map(t -> (t.weak() ? "W/" : "") + '"' + t.opaque() + '"')
                  .toList()
              + " does not match the current generation \""
              + current.generation()
              + "\"");
    }
    if (noneMatch != null && noneMatch.matchesWeakly(current.generation())) {
      throw new DefinitionException.PreconditionFailed(
          "If-None-Match matches the current generation \"" + current.generation() + "\"");
    }
    return current.generation();
  }

  /** The definition as the answer's body, its generation as the answer's strong ETag. */
  static ResponseEntity<DefinitionResponse> withEtag(
      ResponseEntity.BodyBuilder builder, Definition d) {
    return builder.eTag("\"" + d.generation() + "\"").body(DefinitionResponse.of(d));
  }

  private static URI location(String name) {
    return URI.create("/api/v1/definitions/" + name);
  }
}
