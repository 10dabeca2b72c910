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
import dev.hcsorchestrator.definition.OwnerAction;
import dev.hcsorchestrator.definition.Phase;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/definitions}: the definitions resource, its actions and its events. */
@RestController
@RequestMapping(path = "/api/v1/definitions", produces = MediaType.APPLICATION_JSON_VALUE)
class DefinitionController {

  static final int MAX_PAGE_SIZE = 500;
  static final int DEFAULT_PAGE_SIZE = 20;
  static final int DEFAULT_EVENTS = 50;
  static final int MAX_EVENTS = 1000;

  private final Definitions definitions;

  DefinitionController(Definitions definitions) {
    this.definitions = definitions;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DefinitionResponse> create(@RequestBody DefinitionSpec spec) {
    Definition created = definitions.create(spec);
    return withEtag(ResponseEntity.created(location(created.name())), created);
  }

  @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DefinitionResponse> put(
      @PathVariable String name,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody DefinitionSpec spec) {
    Long expected = expectedGeneration(name, ifMatch);
    Definitions.PutResult<Definition> result = definitions.put(name, spec, expected);
    Definition d = result.value();
    return withEtag(
        result.created() ? ResponseEntity.created(location(d.name())) : ResponseEntity.ok(), d);
  }

  @GetMapping
  PageResponse<DefinitionResponse> list(
      @RequestParam(required = false) Kind kind,
      @RequestParam(required = false) Phase phase,
      @RequestParam(name = "label", required = false) List<String> labels,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
    List<FieldError> errors = new ArrayList<>();
    if (page < 0) {
      errors.add(new FieldError("page", "must be 0 or more"));
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      errors.add(new FieldError("size", "must be between 1 and " + MAX_PAGE_SIZE));
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
        result.content().stream().map(DefinitionResponse::of).toList(),
        new PageResponse.PageInfo(
            result.size(), result.number(), result.totalElements(), result.totalPages()));
  }

  @GetMapping("/{name}")
  ResponseEntity<DefinitionResponse> get(@PathVariable String name) {
    return withEtag(ResponseEntity.ok(), require(name));
  }

  @DeleteMapping("/{name}")
  ResponseEntity<DefinitionResponse> delete(@PathVariable String name) {
    return withEtag(ResponseEntity.accepted(), definitions.requestDeletion(name));
  }

  @PostMapping("/{name}/start")
  ResponseEntity<DefinitionResponse> start(@PathVariable String name) {
    return withEtag(ResponseEntity.accepted(), definitions.act(name, OwnerAction.Start));
  }

  @PostMapping("/{name}/stop")
  ResponseEntity<DefinitionResponse> stop(@PathVariable String name) {
    return accepted(definitions.act(name, OwnerAction.Stop));
  }

  @PostMapping("/{name}/restart")
  ResponseEntity<DefinitionResponse> restart(@PathVariable String name) {
    return accepted(definitions.act(name, OwnerAction.Restart));
  }

  @PostMapping("/{name}/pause")
  ResponseEntity<DefinitionResponse> pause(@PathVariable String name) {
    return accepted(definitions.act(name, OwnerAction.Pause));
  }

  @PostMapping("/{name}/resume")
  ResponseEntity<DefinitionResponse> resume(@PathVariable String name) {
    return accepted(definitions.act(name, OwnerAction.Resume));
  }

  @PostMapping("/{name}/save")
  ResponseEntity<DefinitionResponse> save(@PathVariable String name) {
    return accepted(definitions.act(name, OwnerAction.Save));
  }

  @GetMapping("/{name}/events")
  List<DefinitionEvent> events(
      @PathVariable String name, @RequestParam(defaultValue = "" + DEFAULT_EVENTS) int limit) {
    if (limit < 1 || limit > MAX_EVENTS) {
      throw new DefinitionException.Invalid(
          List.of(new FieldError("limit", "must be between 1 and " + MAX_EVENTS)));
    }
    return definitions.events(name, limit);
  }

  private Definition require(String name) {
    return definitions
        .find(name)
        .orElseThrow(() -> new DefinitionException.NotFound("No definition named '" + name + "'"));
  }

  /** {@code If-Match: "3"} (or {@code *}: the definition must exist). */
  private Long expectedGeneration(String name, String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return null;
    }
    String value = ifMatch.trim();
    if (value.equals("*")) {
      return definitions
          .find(name)
          .map(Definition::generation)
          .orElseThrow(
              () ->
                  new DefinitionException.PreconditionFailed(
                      "If-Match: * given, but no definition named '" + name + "' exists"));
    }
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new DefinitionException.PreconditionFailed(
          "If-Match " + ifMatch + " matches no generation");
    }
  }

  private static ResponseEntity<DefinitionResponse> accepted(Definition d) {
    return withEtag(ResponseEntity.status(HttpStatus.ACCEPTED), d);
  }

  private static ResponseEntity<DefinitionResponse> withEtag(
      ResponseEntity.BodyBuilder builder, Definition d) {
    return builder.eTag("\"" + d.generation() + "\"").body(DefinitionResponse.of(d));
  }

  private static URI location(String name) {
    return URI.create("/api/v1/definitions/" + name);
  }
}
