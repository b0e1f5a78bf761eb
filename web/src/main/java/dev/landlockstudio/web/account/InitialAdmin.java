package dev.landlockstudio.web.account;

import dev.landlockstudio.web.config.StudioProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On the first start (no user yet), creates the user {@code admin} with a random password, shown once in the log
 * and written to {@code DATA-DIR/initial-admin-password}, readable by this user only.
 */
@Component
class InitialAdmin implements ApplicationRunner {

    static final String USERNAME = "admin";
    static final String FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(InitialAdmin.class);

    private final UserAccounts accounts;
    private final PasswordEncoder encoder;
    private final StudioProperties properties;

    InitialAdmin(UserAccounts accounts, PasswordEncoder encoder, StudioProperties properties) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        Path file = properties.dataDir().resolve(FILE);
        Path pending = properties.dataDir().resolve(FILE + ".new");
        if (!accounts.none()) {
            // A start stopped between making the account and putting its password in place left the password aside.
            if (Files.isRegularFile(pending, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(pending, file, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("The initial password of '{}' is in {}: the last start stopped before it was put there.",
                        USERNAME, file.toAbsolutePath());
            }
            return;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(properties.dataDir());
        Files.deleteIfExists(pending);
        // Written before the account is made, so that a password that could not be kept makes no account; and put in
        // place after, so that whoever reads the file can sign in with it at once.
        Files.createFile(pending, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pending, password + "\n");
        try {
            accounts.add(USERNAME, encoder.encode(password));
        } catch (RuntimeException e) {
            Files.deleteIfExists(pending);
            throw e;
        }
        Files.move(pending, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("First start: sign in as '{}' with password {} (also in {}). It is shown only this once.", USERNAME,
                password, file.toAbsolutePath());
    }
}
