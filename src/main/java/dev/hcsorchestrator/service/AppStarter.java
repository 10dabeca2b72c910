package dev.hcsorchestrator.service;

import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application: command-line {@code args} over the {@code defaults}. */
@FunctionalInterface
public interface AppStarter {

  ConfigurableApplicationContext start(String[] args, Map<String, Object> defaults);
}
