package dev.landlockstudio.web.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How bearer secrets (API tokens, share links) are kept: only their SHA-256, in hex. A secret is long and random, so
 * a slow hash adds nothing, and a stolen database gives none of them away.
 */
public final class SecretDigest {

    private SecretDigest() {
    }

    public static String of(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
