package dev.landlockstudio.compiler.testing;

import dev.landlockstudio.compiler.report.ReportCode;
import java.util.Arrays;

public final class ReportCodes {

    private ReportCodes() {
    }

    /** Whether a report item's code says part of the policy could not be expressed. */
    public static boolean inexpressible(String code) {
        return Arrays.stream(ReportCode.values()).anyMatch(c -> c.inexpressible() && c.code().equals(code));
    }
}
