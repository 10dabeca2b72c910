package dev.hcsorchestrator.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The operator console: static files under {@code classpath:/static/console/}, served at {@code
 * /console/} without a token (the page asks for one and sends it with every API call). Its security
 * headers are {@link SecurityConfig}'s.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfig implements WebMvcConfigurer {

  /** No inline script or style, nothing from another origin, never framed. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }
}
