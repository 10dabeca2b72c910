package dev.hcsorchestrator.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/whoami}: whose token this is and its role, so that a client (the console)
 * shows only the controls the role allows. The server checks every request anyway.
 */
@RestController
@Tag(name = "access", description = "The caller's token")
class CallerController {

  @Schema(name = "Caller", description = "The token's name and role")
  record Caller(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
      @Schema(
              allowableValues = {"viewer", "operator"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String role) {}

  @GetMapping(path = "/api/v1/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(operationId = "whoAmI", summary = "The caller's token name and role")
  @ApiResponse(responseCode = "200", description = "The caller")
  Caller whoami(Authentication authentication) {
    boolean operator =
        authentication.getAuthorities().stream()
            .anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    return new Caller(authentication.getName(), operator ? "operator" : "viewer");
  }
}
