package dev.hcsorchestrator.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link ProblemErrorReportValve} in place of the host's {@link ErrorReportValve}. */
@Configuration(proxyBeanMethods = false)
class TomcatErrorPageConfig {

  @Bean
  WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorPages() {
    return factory ->
        factory.addContextCustomizers(
            context ->
                // The host adds its ErrorReportValve when it starts, just before our context.
                context.addLifecycleListener(
                    event -> {
                      if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        replaceErrorReportValve(context.getParent());
                      }
                    }));
  }

  private static void replaceErrorReportValve(Container host) {
    if (host == null) {
      return;
    }
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ProblemErrorReportValve) {
        return;
      }
      if (valve instanceof ErrorReportValve) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new ProblemErrorReportValve());
  }
}
