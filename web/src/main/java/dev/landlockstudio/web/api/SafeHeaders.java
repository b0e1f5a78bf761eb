package dev.landlockstudio.web.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;

/**
 * The security headers on every answer, in one list: Spring Security's defaults (no caching, nosniff, no framing,
 * HSTS over HTTPS, no XSS auditor), a strict content security policy and same-origin referrers. The security filter
 * chains write them, and so does what answers before any chain runs (a body too large, a request the firewall
 * refuses). A header already set is left as it is.
 */
public final class SafeHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static final List<HeaderWriter> WRITERS = List.of(
            new CacheControlHeadersWriter(),
            new XContentTypeOptionsHeaderWriter(),
            new HstsHeaderWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY),
            new XXssProtectionHeaderWriter(),
            new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY),
            new ReferrerPolicyHeaderWriter(ReferrerPolicy.SAME_ORIGIN));

    private SafeHeaders() {
    }

    /** A chain's headers: these instead of Spring Security's defaults, which they include. */
    public static HeadersConfigurer<HttpSecurity> configure(HeadersConfigurer<HttpSecurity> headers) {
        headers.defaultsDisabled();
        WRITERS.forEach(headers::addHeaderWriter);
        return headers;
    }

    public static void write(HttpServletRequest request, HttpServletResponse response) {
        WRITERS.forEach(writer -> writer.writeHeaders(request, response));
    }
}
