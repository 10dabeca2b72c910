package dev.hcsorchestrator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data folder ({@code hcs.data-dir}) is the service account's alone: created owner-only before
 * any bean (so before the database opens its files inside it), and once the service has started
 * every file directly in it (the H2 database files, the token) is made owner-only too, since H2
 * creates its files with the process's default mode. Access someone else had is taken away with a
 * warning naming the path.
 */
@Component
class DataDirectoryAccess
    implements BeanFactoryPostProcessor,
        EnvironmentAware,
        ApplicationListener<ApplicationStartedEvent> {

  private static final Logger log = LoggerFactory.getLogger(DataDirectoryAccess.class);

  private Path dataDir;

  @Override
  public void setEnvironment(Environment environment) {
    dataDir = Path.of(environment.getProperty("hcs.data-dir", "./data")).toAbsolutePath();
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    try {
      OwnerOnly.createDirectory(dataDir);
      tighten(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dataDir, e);
    }
  }

  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (OwnerOnly.tighten(file)) {
          log.debug("Made {} owner-only", file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot restrict the files in " + dataDir, e);
    }
  }

  private static void tighten(Path path) throws IOException {
    if (OwnerOnly.tighten(path)) {
      log.warn("{} was accessible to other accounts; it is now owner-only", path);
    }
  }
}
