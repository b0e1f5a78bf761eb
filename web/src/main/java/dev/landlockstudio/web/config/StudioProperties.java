package dev.landlockstudio.web.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The app's own settings ({@code landlock-studio.*}).
 *
 * @param dataDir         where the H2 database and the initial admin password live
 * @param commandsEnabled whether dry runs may run a command; off unless an administrator turns it on
 * @param maxRequestSize  the largest request body accepted
 * @param exportCacheSize how many compiled outputs are kept (per policy version, target and ABI)
 * @param kernelCache     the stock kernels {@code landlock-studio kernels fetch} cached, which a dry run of mode
 *                        kernels boots; by default DATA-DIR/kernels, the command line's data/kernels beside ./data
 */
@ConfigurationProperties("landlock-studio")
public record StudioProperties(Path dataDir, boolean commandsEnabled, DataSize maxRequestSize, int exportCacheSize,
                               Path kernelCache) {
}
