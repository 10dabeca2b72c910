package dev.hcsorchestrator.config;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hcs.storage.shared-roots[i]} and {@code hcs.storage.shared-root}: storage every host of
 * the fleet sees at the same path, which a definition with {@code failover: true} must keep all its
 * files on (docs/fleet.md). Bound beside {@link HcsProperties.Storage}, which ignores them.
 *
 * @param sharedRoots folders from which a failover definition may name files
 * @param sharedRoot where failover definitions keep the files they own; null: none configured
 */
@ConfigurationProperties("hcs.storage")
public record SharedStorageProperties(@DefaultValue List<Path> sharedRoots, Path sharedRoot) {}
