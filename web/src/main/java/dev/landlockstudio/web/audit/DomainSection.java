package dev.landlockstudio.web.audit;

import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.DomainStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One domain's groups as the page shows them, with the program that made the domain when its allocation record was
 * among the lines; each group keeps its place in the reading, which is what its fix button sends.
 *
 * @param exe  the program that applied the policy, or null when no allocation record was read
 * @param comm its command name, or null
 */
record DomainSection(String domain, String exe, String comm, List<Entry> entries) {

    record Entry(int index, DenialGroup group) {
    }

    static List<DomainSection> of(AuditReading reading) {
        Map<String, List<Entry>> byDomain = new LinkedHashMap<>();
        for (int i = 0; i < reading.groups().size(); i++) {
            DenialGroup group = reading.groups().get(i);
            byDomain.computeIfAbsent(group.domain(), d -> new ArrayList<>()).add(new Entry(i, group));
        }
        List<DomainSection> sections = new ArrayList<>();
        byDomain.forEach((domain, entries) -> {
            DomainStatus allocated = reading.domains().stream()
                    .filter(d -> d.domain().equals(domain) && d.exe() != null).findFirst().orElse(null);
            sections.add(new DomainSection(domain, allocated == null ? null : allocated.exe(),
                    allocated == null ? null : allocated.comm(), List.copyOf(entries)));
        });
        return sections;
    }
}
