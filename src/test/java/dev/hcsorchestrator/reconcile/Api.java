package dev.hcsorchestrator.reconcile;

import dev.hcsorchestrator.contract.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for the integration tests: JSON in, JSON out, with a bearer token. */
final class Api {

  static final JsonMapper JSON = JsonMapper.builder().build();

  record Response(int status, String body, HttpHeaders headers) {
    Response(int status, String body) {
      this(status, body, HttpHeaders.of(java.util.Map.of(), (name, value) -> true));
    }

    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;
  private final Duration timeout;

  Api(String base, String token) {
    this(base, token, Duration.ofSeconds(10));
  }

  /** With a longer request timeout for tests that run beside a busy build. */
  Api(String base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, String body) {
    return send("POST", path, body);
  }

  Response put(String path, String body) {
    return send("PUT", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  Response send(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json, application/problem+json, text/plain, */*");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r =
          OpenApiContract.conforms(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
