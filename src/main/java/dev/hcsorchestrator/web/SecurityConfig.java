package dev.hcsorchestrator.web;

import dev.hcsorchestrator.config.HcsProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Access control (README.md, "API in short"): every {@code /api/**} GET needs a viewer, anything
 * else there an operator; health and (unless {@code hcs.security.metrics-require-auth}) prometheus
 * are open; no other actuator endpoint. Stateless: no session, no CSRF token (bearer tokens are not
 * sent by browsers on their own).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http, HcsProperties properties, TokenRegistry tokens, Problems problems)
      throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) -> {
          response.setHeader(
              HttpHeaders.WWW_AUTHENTICATE,
              request.getHeader(HttpHeaders.AUTHORIZATION) == null
                  ? "Bearer"
                  : "Bearer error=\"invalid_token\"");
          problems.write(
              request,
              response,
              HttpStatus.UNAUTHORIZED,
              "A valid bearer token is required (Authorization: Bearer <token>)");
        };
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problems.write(
                request, response, HttpStatus.FORBIDDEN, "The token's role does not allow this");
    boolean metricsOpen = !properties.security().metricsRequireAuth();
    RequestMatcher health = PathPatternRequestMatcher.withDefaults().matcher("/actuator/health/**");
    RequestMatcher metrics =
        PathPatternRequestMatcher.withDefaults().matcher("/actuator/prometheus");
    RequestMatcher open = metricsOpen ? new OrRequestMatcher(health, metrics) : health;
    RequestMatcher console = PathPatternRequestMatcher.withDefaults().matcher("/console/**");
    RequestMatcher consoleRoot = PathPatternRequestMatcher.withDefaults().matcher("/console");
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        // Spring Security's defaults (nosniff, X-Frame-Options DENY, no-store) on every answer;
        // the console's pages add a strict Content-Security-Policy and send no referrer.
        .headers(
            h ->
                h.addHeaderWriter(
                        new DelegatingRequestMatcherHeaderWriter(
                            new OrRequestMatcher(console, consoleRoot),
                            new StaticHeadersWriter(
                                "Content-Security-Policy", ConsoleConfig.CONTENT_SECURITY_POLICY)))
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
        .exceptionHandling(
            x -> x.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .addFilterBefore(
            new BearerTokenFilter(tokens, unauthorized, open), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth -> {
              auth.requestMatchers(open).permitAll();
              // The stream's end (GET /api/v1/watch) is dispatched again: the request was
              // authorized when it came in.
              auth.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
              if (!metricsOpen) {
                auth.requestMatchers(metrics).hasRole("VIEWER");
              }
              // Only exposed if an operator widens management.endpoints.web.exposure.
              auth.requestMatchers("/actuator/**").hasRole("OPERATOR");
              auth.requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER");
              auth.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER");
              auth.requestMatchers("/api/**").hasRole("OPERATOR");
              // Everything else (API docs, Swagger UI, error page, unknown paths answering 404).
              auth.anyRequest().permitAll();
            });
    return http.build();
  }

  /** Authentication happens in {@link BearerTokenFilter}; this keeps Boot from adding a user. */
  @Bean
  AuthenticationManager noPasswordLogins() {
    return authentication -> {
      throw new ProviderNotFoundException("Only bearer tokens are accepted");
    };
  }
}
