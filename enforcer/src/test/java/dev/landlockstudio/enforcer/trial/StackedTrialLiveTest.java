package dev.landlockstudio.enforcer.trial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.explain.Explanation;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.lowering.RulesetStatus;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.EnforcerTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A policy stacked on its bases, live on this kernel: each layer applied as a ruleset of its own, every probe's answer
 * the evaluator's, and the layer that decides named. examples/layers: base (fs only), offline (connect_tcp only, no fs
 * right), web and web-offline (the same rules, on base, and on base and offline).
 */
class StackedTrialLiveTest {

    private static final Path LAYERS = Path.of("..", "examples", "layers").toAbsolutePath().normalize();

    private static PolicyStack stack(String name) {
        return StackResolver.resolve(PolicyReader.read(text(name)), base -> Optional.of(text(base)));
    }

    private static String text(String name) {
        try {
            return Files.readString(LAYERS.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each probe's spec and the kernel's expected answer, tried in a scratch tree under the stack. */
    private static Map<String, String> tried(PolicyStack stack, Map<String, String> expected) throws Exception {
        Trial trial = Trial.prepare(stack, new TrialMode.Scratch(expected.keySet().stream().map(ProbeSpec::parse).toList()), null);
        // Rights newer than this host's ABI (resolve_unix in base's abi.all, say) are dropped: partially enforced then.
        assertThat(trial.status()).isIn(RulesetStatus.FULLY_ENFORCED, RulesetStatus.PARTIALLY_ENFORCED);
        assertThat(trial.describeStatus()).startsWith("stack of " + stack.layers().size() + " (");
        List<TrialRow> rows = new ArrayList<>();
        trial.run(rows::add);
        assertThat(rows).as("every probe as the evaluator predicts").allSatisfy(row -> assertThat(row.match())
                .as(row.probe() + ": predicted " + row.expected() + ", kernel " + row.actual()).isTrue());
        Map<String, String> actual = new LinkedHashMap<>();
        rows.forEach(row -> actual.put(row.spec(), row.actual()));
        return actual;
    }

    private static String reason(PolicyStack stack, String spec) {
        return decision(stack, spec).reason();
    }

    private static Decision decision(PolicyStack stack, String spec) {
        AccessRequest request = ProbeSpec.parse(spec);
        return Explanation.of(stack, EnforcerTestSupport.abi(), FsView.empty(), request).orElseThrow().decision();
    }

    @Test
    void twoStackedRulesetsAllowOnlyWhatBothLayersAllow() throws Exception {
        EnforcerTestSupport.requireLandlock();
        PolicyStack web = stack("web");
        assertThat(web.layers()).extracting(PolicyStack.Layer::name).containsExactly("base", "web");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("read_file:/srv/www/index.html", "allowed");
        expected.put("write_file:/srv/www/index.html", "EACCES"); // base allows it, web does not
        expected.put("write_file:/srv/data/f", "allowed");
        expected.put("read_file:/opt/tool", "EACCES"); // base allows it, web handles read_file with no rule on /opt
        expected.put("execute:/srv/data/f", "EACCES"); // web does not handle execute, base denies it
        expected.put("rename:/srv/data/a:/srv/drop/a", "allowed");
        expected.put("rename:/srv/data/a:/srv/www/a", "EACCES"); // web grants no make_reg in /srv/www
        expected.put("bind_tcp:8080", "allowed");
        expected.put("bind_tcp:8081", "EACCES"); // base handles no network right
        assertThat(tried(web, expected)).isEqualTo(expected);

        assertThat(reason(web, "write_file:/srv/www/index.html")).startsWith("layer 2 (web) handles write_file");
        assertThat(reason(web, "execute:/srv/data/f")).startsWith("layer 1 (base) handles execute");
        assertThat(reason(web, "bind_tcp:8081")).startsWith("layer 2 (web) handles bind_tcp");
        assertThat(reason(web, "read_file:/srv/www/index.html"))
                .isEqualTo("every layer that handles it grants it (layer 1 (base), layer 2 (web))");
    }

    /**
     * The offline layer restricts no filesystem right, yet under a layer that does it denies every reparenting: the
     * kernel checks refer in each layer, and a layer that does not handle it grants it nowhere.
     */
    @Test
    void threeStackedRulesetsAndALayerWithoutFilesystemRightsDeniesReparenting() throws Exception {
        EnforcerTestSupport.requireLandlock();
        PolicyStack webOffline = stack("web-offline");
        assertThat(webOffline.layers()).extracting(PolicyStack.Layer::name).containsExactly("base", "offline", "web-offline");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("rename:/srv/data/a:/srv/drop/a", "EXDEV"); // allowed under base and web alone
        expected.put("rename:/srv/data/a:/srv/data/b", "allowed"); // no reparenting: refer is not needed
        expected.put("write_file:/srv/data/f", "allowed");
        expected.put("connect_tcp:8080", "EACCES"); // offline
        expected.put("bind_tcp:8080", "allowed");
        assertThat(tried(webOffline, expected)).isEqualTo(expected);

        assertThat(reason(webOffline, "rename:/srv/data/a:/srv/drop/a"))
                .startsWith("refer is not granted on both sides by layer 2 (offline)");
        assertThat(reason(webOffline, "connect_tcp:8080")).startsWith("layer 2 (offline) handles connect_tcp");
        assertThat(decision(stack("offline"), "rename:/srv/data/a:/srv/drop/a").allowed())
                .as("alone, offline restricts no filesystem access, reparenting included").isTrue();
    }
}
