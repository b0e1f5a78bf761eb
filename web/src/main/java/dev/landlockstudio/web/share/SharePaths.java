package dev.landlockstudio.web.share;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Where shared versions are opened: {@code /share/SECRET} and the files beneath it. Nothing else is public. */
public final class SharePaths {

    /** Every path a share link opens, for the security configuration. */
    public static final String ALL = "/share/**";
    static final String ROOT = "/share";

    private SharePaths() {
    }

    /** The link to give out, absolute as the request that made it reached this server. */
    static String url(String secret) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(ROOT + "/").path(secret).toUriString();
    }
}
