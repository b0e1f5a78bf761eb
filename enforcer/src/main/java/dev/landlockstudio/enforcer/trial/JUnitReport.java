package dev.landlockstudio.enforcer.trial;

import java.util.List;

/** A trial as JUnit XML, so CI systems show each probe as a test case. */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static String of(String policyName, List<TrialRow> rows) {
        long failures = rows.stream().filter(r -> !r.match()).count();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"landlock-studio try ").append(escape(policyName)).append("\" tests=\"")
                .append(rows.size()).append("\" failures=\"").append(failures).append("\">\n");
        for (TrialRow row : rows) {
            xml.append("  <testcase classname=\"").append(escape(policyName)).append("\" name=\"").append(escape(row.probe()))
                    .append('"');
            if (row.match()) {
                xml.append("/>\n");
            } else {
                xml.append(">\n    <failure message=\"expected ").append(escape(row.expected())).append(", kernel answered ")
                        .append(escape(row.actual())).append("\"/>\n  </testcase>\n");
            }
        }
        return xml.append("</testsuite>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
