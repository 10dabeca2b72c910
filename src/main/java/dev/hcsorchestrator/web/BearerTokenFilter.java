package dev.hcsorchestrator.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}. No header: the request goes on anonymous
 * (the authorization rules decide); a header with an unknown token: 401 at once, except on the
 * endpoints open to everyone ({@code open}: health, and metrics unless they need a token), which
 * answer such a caller as an anonymous one, so a probe with a stale token still sees health.
 */
class BearerTokenFilter extends OncePerRequestFilter {

  private static final String PREFIX = "Bearer ";

  private final TokenRegistry tokens;
  private final AuthenticationEntryPoint entryPoint;
  private final RequestMatcher open;

  BearerTokenFilter(
      TokenRegistry tokens, AuthenticationEntryPoint entryPoint, RequestMatcher open) {
    this.tokens = tokens;
    this.entryPoint = entryPoint;
    this.open = open;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<TokenRegistry.Caller> caller =
        header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
            ? tokens.authenticate(header.substring(PREFIX.length()).trim())
            : Optional.empty();
    if (caller.isEmpty() && open.matches(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (caller.isEmpty()) {
      SecurityContextHolder.clearContext();
      entryPoint.commence(request, response, new BadCredentialsException("Invalid bearer token"));
      return;
    }
    var authorities =
        switch (caller.get().role()) {
          case operator ->
              List.of(
                  new SimpleGrantedAuthority("ROLE_OPERATOR"),
                  new SimpleGrantedAuthority("ROLE_VIEWER"));
          case viewer -> List.of(new SimpleGrantedAuthority("ROLE_VIEWER"));
        };
    var context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(caller.get().name(), null, authorities));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
