package dev.landlockstudio.compiler.abi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class AbiTableTest {

    /** landlock-facts.md §1.2: full fs masks per ABI, as go-landlock's abi_versions.go lists them. */
    @ParameterizedTest
    @CsvSource({"1,0x1FFF", "2,0x3FFF", "3,0x7FFF", "4,0x7FFF", "5,0xFFFF", "8,0xFFFF", "9,0x1FFFF", "11,0x1FFFF"})
    void fsMaskPerAbi(int abi, String mask) {
        assertThat(AbiTable.mask(RightKind.FS, abi)).isEqualTo(Long.decode(mask));
    }

    /** §1.3, §1.4, §1.5: net, scopes and restrict flags arrive at ABI 4, 6 and 7, 8, 10, 11. */
    @Test
    void otherKindsPerAbi() {
        assertThat(AbiTable.mask(RightKind.NET, 3)).isZero();
        assertThat(AbiTable.mask(RightKind.NET, 4)).isEqualTo(0x3);
        assertThat(AbiTable.mask(RightKind.NET, 10)).isEqualTo(0xF);
        assertThat(AbiTable.mask(RightKind.SCOPE, 5)).isZero();
        assertThat(AbiTable.mask(RightKind.SCOPE, 6)).isEqualTo(0x3);
        assertThat(AbiTable.mask(RightKind.RESTRICT_FLAG, 6)).isZero();
        assertThat(AbiTable.mask(RightKind.RESTRICT_FLAG, 7)).isEqualTo(0x7);
        assertThat(AbiTable.mask(RightKind.RESTRICT_FLAG, 8)).isEqualTo(0xF);
        assertThat(AbiTable.mask(RightKind.RESTRICT_FLAG, 11)).isEqualTo(0x1F);
    }

    /** §1.6: the ruleset attr grows to 16 bytes at ABI 4, 24 at ABI 6, 48 at ABI 10. */
    @Test
    void attrSizePerAbi() {
        assertThat(AbiTable.VERSIONS.stream().map(AbiVersion::attrSize).toList())
                .containsExactly(8, 8, 8, 16, 16, 24, 24, 24, 24, 48, 48);
        assertThat(AbiTable.quietFirstAbi()).isEqualTo(10);
    }

    /** §1.7: the kernel's ACCESS_FILE. */
    @Test
    void fileRightsAreTheKernelsAccessFile() {
        assertThat(AbiTable.fileRights()).isEqualTo(0x1 | 0x2 | 0x4 | 0x4000 | 0x8000 | 0x10000);
    }

    /** Every #define of the newest uapi header is in the table with the same value, and nothing else is. */
    @Test
    void tableMatchesTheKernelHeader() throws IOException {
        String header = Files.readString(TestEnvironment.sharedDir().resolve("external/linux-uapi-7.3/landlock.h"));
        Matcher define = Pattern.compile("#define (LANDLOCK_(?:ACCESS_FS|ACCESS_NET|SCOPE|RESTRICT_SELF)_\\w+)\\s+\\(1U(?:LL)? << (\\d+)\\)")
                .matcher(header);
        Map<String, Long> fromHeader = new HashMap<>();
        while (define.find()) {
            fromHeader.put(define.group(1), 1L << Integer.parseInt(define.group(2)));
        }
        Map<String, Long> fromTable = new HashMap<>();
        AbiTable.RIGHTS.forEach(r -> fromTable.put(r.kernelName(), r.value()));
        assertThat(fromHeader).hasSize(AbiTable.RIGHTS.size());
        assertThat(fromTable).isEqualTo(fromHeader);
    }

    /** The policy schema's name lists and abi range are the table's, so editors and the compiler agree. */
    @Test
    void policySchemaAgreesWithTheTable() throws IOException {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/policy.schema.json")) {
            schema = Json.MAPPER.readTree(in);
        }
        JsonNode defs = schema.get("$defs");
        assertThat(enumOf(defs.get("fsAccess"))).containsExactlyElementsOf(
                withGroups(List.of("abi.all", "abi.read_execute", "abi.read_write"), RightKind.FS));
        assertThat(enumOf(defs.get("netAccess"))).containsExactlyElementsOf(withGroups(List.of("abi.all"), RightKind.NET));
        assertThat(enumOf(defs.get("scope"))).containsExactlyElementsOf(withGroups(List.of("abi.all"), RightKind.SCOPE));
        assertThat(enumOf(defs.get("restrictFlag"))).containsExactlyElementsOf(withGroups(List.of(), RightKind.RESTRICT_FLAG));
        assertThat(schema.at("/properties/abi/minimum").intValue()).isEqualTo(AbiTable.oldest());
        assertThat(schema.at("/properties/abi/maximum").intValue()).isEqualTo(AbiTable.newest());
    }

    /** The report schema's code and target lists are the enums', so reports always validate. */
    @Test
    void reportSchemaAgreesWithCodesAndTargets() throws IOException {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/report.schema.json")) {
            schema = Json.MAPPER.readTree(in);
        }
        assertThat(enumOf(schema.at("/properties/target"))).containsExactlyElementsOf(Target.ids());
        assertThat(enumOf(schema.at("/properties/items/items/properties/code"))).containsExactlyElementsOf(
                java.util.Arrays.stream(ReportCode.values()).map(ReportCode::code).toList());
    }

    /** lowering-cases.md case 2: abi.read_write at abi 3 is 0x7FFE. */
    @Test
    void groupsExpandAgainstTheirAbi() {
        assertThat(AccessGroup.READ_WRITE.expand(RightKind.FS, 3)).isEqualTo(0x7FFE);
        assertThat(AccessGroup.READ_EXECUTE.expand(RightKind.FS, 11)).isEqualTo(0xD);
        assertThat(AccessGroup.ALL.expand(RightKind.NET, 4)).isEqualTo(0x3);
        assertThat(AccessGroup.ALL.appliesTo(RightKind.RESTRICT_FLAG)).isFalse();
        assertThat(AccessGroup.READ_EXECUTE.appliesTo(RightKind.NET)).isFalse();
    }

    private static List<String> enumOf(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.get("enum").forEach(v -> values.add(v.stringValue()));
        return values;
    }

    private static List<String> withGroups(List<String> groups, RightKind kind) {
        List<String> names = new ArrayList<>(groups);
        AbiTable.rights(kind).forEach(r -> names.add(r.name()));
        return names;
    }
}
