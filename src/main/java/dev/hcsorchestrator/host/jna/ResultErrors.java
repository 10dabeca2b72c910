package dev.hcsorchestrator.host.jna;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads HCS's {@code ResultError} document: {@code Error}, {@code ErrorMessage}, events. */
final class ResultErrors {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ResultErrors() {}

  /**
   * The human part of a ResultError ({@code ErrorMessage} and each {@code ErrorEvents[].Message}),
   * or null when the document is absent, not JSON, or says nothing.
   */
  static String message(String document) {
    if (document == null || document.isBlank()) {
      return null;
    }
    try {
      JsonNode root = JSON.readTree(document);
      if (root == null || !root.isObject()) {
        return null;
      }
      List<String> parts = new ArrayList<>();
      String message = root.path("ErrorMessage").asString("");
      if (!message.isBlank()) {
        parts.add(message.strip());
      }
      for (JsonNode event : root.path("ErrorEvents")) {
        String text = event.path("Message").asString("");
        if (!text.isBlank()) {
          parts.add(text.strip());
        }
      }
      return parts.isEmpty() ? null : String.join("; ", parts);
    } catch (JacksonException notJson) {
      return null;
    }
  }
}
