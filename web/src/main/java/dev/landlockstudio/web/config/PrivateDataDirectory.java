package dev.landlockstudio.web.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * DATA-DIR holds every policy, user, password hash and token hash: before any bean can write there, it is made
 * private to the server's user, who must own it. The directory is created 0700 (an existing one is tightened, with a warning), and
 * what is directly in it is tightened too (files 0600, directories 0700), for data left by an older version; what
 * H2 creates later is private through {@link PrivateFiles}, registered here, before the database is opened.
 */
@Component
class PrivateDataDirectory implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateDataDirectory.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        PrivateFiles.register();
        Path dataDir = Path.of(environment.getRequiredProperty("landlock-studio.data-dir"));
        try {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY));
            // Another user's directory stays theirs to open again (and root could chmod it): it is refused instead.
            UserPrincipal owner = Files.getOwner(dataDir);
            UserPrincipal self = dataDir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            if (!owner.equals(self)) {
                throw new IllegalStateException("the data directory " + dataDir.toAbsolutePath() + " belongs to " + owner.getName()
                        + ", not to " + self.getName() + " who runs the server: choose one of this user's with --data-dir");
            }
            tighten(dataDir, PrivateFiles.DIRECTORY);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
                for (Path entry : entries) {
                    // A symbolic link is left alone: what it points to is not the data directory's.
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        tighten(entry, PrivateFiles.DIRECTORY);
                    } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        tighten(entry, PrivateFiles.FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dataDir.toAbsolutePath()
                    + " private to this user (mode 700): " + e.getMessage() + "; choose one this user owns with --data-dir", e);
        }
    }

    private static void tighten(Path path, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!before.equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
            LOG.warn("{} was {}, now {}: the data directory is private to this user", path.toAbsolutePath(),
                    PosixFilePermissions.toString(before), PosixFilePermissions.toString(mode));
        }
    }
}
