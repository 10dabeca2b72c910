package dev.hcsorchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: one jar that keeps declared VMs and containers in their desired state. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HcsOrchestratorApplication {

  public static void main(String[] args) {
    SpringApplication.run(HcsOrchestratorApplication.class, args);
  }
}
