package dev.landlockstudio.web.policy;

import dev.landlockstudio.web.api.BadParameter;

/** The version a change is based on, from an If-Match header holding a policy version's ETag ({@code "v3"}). */
final class IfMatch {

    private IfMatch() {
    }

    static int version(String header, String policyName) {
        if (header == null || header.isBlank()) {
            throw new VersionRequired(policyName);
        }
        String tag = header.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        if (tag.matches("v[1-9][0-9]{0,8}")) {
            return Integer.parseInt(tag.substring(1));
        }
        throw new BadParameter("If-Match", "If-Match must be a version's ETag such as \"v3\", not " + header);
    }
}
