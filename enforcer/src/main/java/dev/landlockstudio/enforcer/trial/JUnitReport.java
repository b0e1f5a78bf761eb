package dev.landlockstudio.enforcer.trial;

import java.util.List;

/** A trial as JUnit XML, so CI systems show each probe as a test case. */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static String of(String policyName, List<TrialRow> rows) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        suite(xml, "landlock-studio try " + policyName, policyName, rows, null, "");
        return xml.toString();
    }

    /**
     * A trial on stock kernels: a test suite per kernel, named after the release it booted; a kernel not tried is a
     * suite with one case, skipped when the lowering refused it, failed when its VM gave no answer.
     */
    public static String ofKernels(String policyName, List<KernelTrial.KernelRun> runs) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (KernelTrial.KernelRun run : runs) {
            String release = run.boot() != null && run.boot().release() != null ? run.boot().release()
                    : run.kernel().source().release();
            String name = "landlock-studio try " + policyName + " on " + release + " (ABI " + run.kernel().abi() + ")";
            NotTried notTried = run.refused() == null ? null : new NotTried(run.boot() != null, run.refused());
            suite(xml, name, policyName + " on " + release, run.rows(), notTried, "  ");
        }
        return xml.append("</testsuites>\n").toString();
    }

    /** Why a kernel was not tried: a failure when it was booted and gave no answer, else skipped. */
    private record NotTried(boolean failed, String reason) {
    }

    /** A suite of the rows, or of one case saying why nothing was tried. */
    private static void suite(StringBuilder xml, String name, String className, List<TrialRow> rows, NotTried notTried,
                              String indent) {
        long failures = notTried != null ? (notTried.failed() ? 1 : 0) : rows.stream().filter(r -> !r.match()).count();
        xml.append(indent).append("<testsuite name=\"").append(escape(name)).append("\" tests=\"")
                .append(notTried != null ? 1 : rows.size()).append("\" failures=\"").append(failures).append("\">\n");
        if (notTried != null) {
            xml.append(indent).append("  <testcase classname=\"").append(escape(className)).append("\" name=\"not tried\">\n")
                    .append(indent).append(notTried.failed() ? "    <failure message=\"" : "    <skipped message=\"")
                    .append(escape(notTried.reason())).append("\"/>\n").append(indent).append("  </testcase>\n");
        } else {
            for (TrialRow row : rows) {
                xml.append(indent).append("  <testcase classname=\"").append(escape(className)).append("\" name=\"")
                        .append(escape(row.probe())).append('"');
                if (row.match()) {
                    xml.append("/>\n");
                } else {
                    xml.append(">\n").append(indent).append("    <failure message=\"expected ").append(escape(row.expected()))
                            .append(", kernel answered ").append(escape(row.actual())).append("\"/>\n").append(indent)
                            .append("  </testcase>\n");
                }
            }
        }
        xml.append(indent).append("</testsuite>\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
