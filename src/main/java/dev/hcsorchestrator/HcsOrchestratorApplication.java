package dev.hcsorchestrator;

import dev.hcsorchestrator.service.ServiceCli;
import dev.hcsorchestrator.service.jna.ScmServices;
import java.util.OptionalInt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: one jar that keeps declared VMs and containers in their desired state. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HcsOrchestratorApplication {

  public static void main(String[] args) {
    // "service ..." (install, start, stop, ..., and run under the SCM) is handled before Spring.
    OptionalInt service =
        ServiceCli.main(
            args,
            (appArgs, defaults) -> {
              SpringApplication app = new SpringApplication(HcsOrchestratorApplication.class);
              app.setDefaultProperties(defaults);
              return app.run(appArgs);
            },
            ScmServices::new);
    if (service.isPresent()) {
      System.exit(service.getAsInt());
    }
    SpringApplication.run(HcsOrchestratorApplication.class, args);
  }
}
