package dev.landlockstudio.compiler.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.evaluator.Decision;
import dev.landlockstudio.compiler.evaluator.Evaluator;
import dev.landlockstudio.compiler.evaluator.Operation;
import dev.landlockstudio.compiler.explain.Explanation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.lowering.Ruleset;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.report.ReportCode;
import dev.landlockstudio.compiler.report.ReportItem;
import dev.landlockstudio.compiler.testing.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decisions under stacked layers (examples/layers: base, offline, web, web-offline): what the evaluator allows, which
 * layer explain names, refer under a layer that handles no filesystem right, and the intersection written for targets
 * that hold one ruleset, checked against the stack request by request.
 */
class LayeredDecisionsTest {

    private static final int ABI = 7;
    private static final List<String> PLACES = List.of("/", "/opt", "/opt/tool", "/srv", "/srv/f", "/srv/www",
            "/srv/www/index.html", "/srv/data", "/srv/data/f", "/srv/drop", "/srv/drop/f", "/tmp/f");

    private static String example(String name) {
        try {
            return Files.readString(TestEnvironment.examplesDir().resolve("layers").resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PolicyStack stack(String name) {
        return stack(example(name), LayeredDecisionsTest::example);
    }

    private static PolicyStack stack(String text, java.util.function.Function<String, String> bases) {
        return StackResolver.resolve(PolicyReader.read(text), n -> Optional.ofNullable(bases.apply(n)));
    }

    private static Explanation explain(PolicyStack stack, AccessRequest request) {
        return Explanation.of(stack, ABI, FsView.empty(), request).orElseThrow();
    }

    @Test
    void anAccessIsAllowedOnlyIfEveryLayerThatHandlesItAllowsIt() {
        PolicyStack web = stack("web");
        Explanation write = explain(web, AccessRequest.onPath(Operation.WRITE_FILE, "/srv/www/index.html"));
        assertThat(write.decision().outcome()).isEqualTo("EACCES");
        assertThat(write.decision().reason()).isEqualTo("layer 2 (web) handles write_file and nothing grants it on"
                + " /srv/www/index.html");
        assertThat(write.lines()).contains("layer 1 (base): write_file is handled; the rule on /srv grants it, an ancestor"
                + " of /srv/www/index.html.");
        assertThat(write.lines()).anySatisfy(l -> assertThat(l).startsWith("layer 2 (web): write_file is handled; no rule"));

        Explanation execute = explain(web, AccessRequest.onPath(Operation.EXECUTE, "/srv/data/f"));
        assertThat(execute.decision().reason()).startsWith("layer 1 (base) handles execute");
        assertThat(execute.lines()).contains("layer 2 (web): read_file is handled; the rule on /srv/data grants it, an"
                + " ancestor of /srv/data/f.");

        Explanation read = explain(web, AccessRequest.onPath(Operation.READ_FILE, "/srv/www/index.html"));
        assertThat(read.decision().allowed()).isTrue();
        assertThat(read.decision().reason()).isEqualTo("every layer that handles it grants it (layer 1 (base), layer 2 (web))");
        assertThat(read.decidedBy()).containsExactly("base#/pathBeneath/1", "/pathBeneath/0");

        Explanation bind = explain(web, AccessRequest.onPort(Operation.BIND_TCP, 8081));
        assertThat(bind.decision().reason()).startsWith("layer 2 (web) handles bind_tcp");
        assertThat(explain(web, AccessRequest.onPort(Operation.BIND_TCP, 8080)).decision().allowed()).isTrue();
    }

    @Test
    void aLayerThatHandlesNoFilesystemRightDeniesReparentingUnderOneThatDoes() {
        PolicyStack webOffline = stack("web-offline");
        AccessRequest across = AccessRequest.move(Operation.RENAME, "/srv/data/a", "/srv/drop/a");
        Decision denied = explain(webOffline, across).decision();
        assertThat(denied.outcome()).isEqualTo("EXDEV");
        assertThat(denied.reason()).startsWith("refer is not granted on both sides by layer 2 (offline)");
        assertThat(explain(stack("web"), across).decision().allowed()).as("without offline").isTrue();
        assertThat(explain(webOffline, AccessRequest.move(Operation.RENAME, "/srv/data/a", "/srv/data/b")).decision()
                .allowed()).as("no reparenting, no refer").isTrue();
        assertThat(explain(stack("offline"), across).decision().allowed()).as("offline alone restricts no fs access").isTrue();

        // Two layers that handle no filesystem right: the kernel checks no filesystem access at all.
        String netOnly = "{\"name\": \"net-only\", \"extends\": [\"offline\"], \"handledAccessFs\": [],"
                + " \"handledAccessNet\": [\"bind_tcp\"], \"scoped\": []}";
        assertThat(explain(stack(netOnly, LayeredDecisionsTest::example), across).decision().allowed()).isTrue();
    }

    /** Every request, under the stack and under the one ruleset written for single-ruleset targets. */
    private static Map<String, String> differences(PolicyStack stack, Ruleset one, boolean narrowerAllowed) {
        Evaluator stacked = new Evaluator(Compiler.lower(stack, ABI).rulesets(), FsView.empty());
        Evaluator single = new Evaluator(List.of(one), FsView.empty());
        List<AccessRequest> requests = new ArrayList<>();
        for (Operation op : Operation.values()) {
            switch (op.target()) {
                case PATH, PARENT -> PLACES.forEach(p -> requests.add(AccessRequest.onPath(op, p)));
                case TWO_PATHS -> PLACES.forEach(from -> PLACES.forEach(to -> {
                    if (!from.equals("/") && !to.equals("/")) {
                        requests.add(AccessRequest.move(op, from, to));
                    }
                }));
                case PORT -> List.of(0, 80, 8080, 8081).forEach(port -> requests.add(AccessRequest.onPort(op, port)));
                case SCOPE -> requests.add(AccessRequest.outside(op));
            }
        }
        Map<String, String> differ = new HashMap<>();
        for (AccessRequest request : requests) {
            String underStack = stacked.decide(request).outcome();
            String underOne = single.decide(request).outcome();
            if (!underStack.equals(underOne)) {
                differ.put(request.toString(), underStack + " vs " + underOne);
                assertThat(narrowerAllowed && underStack.equals("allowed") && !underOne.equals("allowed"))
                        .as(request + ": the stack says " + underStack + ", the one ruleset " + underOne
                                + " (it may only ever be narrower)").isTrue();
            }
        }
        return differ;
    }

    private static List<String> codes(Compilation compilation) {
        return compilation.items().stream().map(ReportItem::code).toList();
    }

    @Test
    void withoutReferTheIntersectionDecidesEveryRequestAsTheStack() {
        // Differing handled sets: the base handles write_file only, the program read_file and bind_tcp.
        Map<String, String> store = Map.of("writes", "{\"name\": \"writes\", \"handledAccessFs\": [\"write_file\"],"
                + " \"handledAccessNet\": [], \"scoped\": [], \"pathBeneath\": [{\"paths\": [\"/srv\"], \"allowedAccess\":"
                + " [\"write_file\"]}]}");
        PolicyStack stack = stack("{\"name\": \"reads\", \"extends\": [\"writes\"], \"handledAccessFs\": [\"read_file\"],"
                + " \"handledAccessNet\": [\"bind_tcp\"], \"scoped\": [], \"pathBeneath\": [{\"paths\": [\"/srv/www\","
                + " \"/opt\"], \"allowedAccess\": [\"read_file\"]}], \"netPort\": [{\"ports\": [8080], \"allowedAccess\":"
                + " [\"bind_tcp\"]}]}", store::get);
        Compilation compilation = Compiler.compile(stack, Target.GO_LANDLOCK, ABI, Compiler.Options.DEFAULT);
        assertThat(codes(compilation)).contains(ReportCode.LAYERS_INTERSECTED.code())
                .doesNotContain(ReportCode.LAYERS_NARROWED.code());
        assertThat(differences(stack, Intersection.of(Compiler.lower(stack, ABI).rulesets()).ruleset(), false)).isEmpty();
    }

    @Test
    void theIntersectionOfStacksThatMayReparentIsNarrowerNeverWiderAndSaysSo() {
        for (String name : List.of("web", "web-offline")) {
            PolicyStack stack = stack(name);
            Intersection.Result one = Intersection.of(Compiler.lower(stack, ABI).rulesets());
            Map<String, String> differ = differences(stack, one.ruleset(), true);
            assertThat(differ.keySet()).as(name).allSatisfy(request -> assertThat(request).containsAnyOf("RENAME", "LINK"));
            if (name.equals("web")) {
                assertThat(one.items()).extracting(ReportItem::code).contains(ReportCode.LAYERS_NARROWED.code());
                assertThat(differ).as("base and web allow moving from /srv/data into /srv/drop").isNotEmpty();
            }
        }
    }

    @Test
    void nativeAndCWriteTheLayersAndTheOtherTargetsTheIntersection() {
        PolicyStack web = stack("web");
        Compilation nativeOut = Compiler.compile(web, Target.NATIVE, ABI, Compiler.Options.DEFAULT);
        assertThat(nativeOut.output()).contains("\"layers\"", "\"name\": \"base\"", "\"name\": \"web\"");
        assertThat(codes(nativeOut)).doesNotContain(ReportCode.LAYERS_INTERSECTED.code());
        Compilation c = Compiler.compile(web, Target.C, ABI, Compiler.Options.DEFAULT);
        assertThat(c.output()).contains("static const size_t layer_count = 2;", ".name = \"base\"", ".name = \"web\"");
        for (Target target : List.of(Target.OCI, Target.GO_LANDLOCK, Target.LANDLOCKCONFIG, Target.SANDBOXER,
                Target.FIREJAIL, Target.LANDRUN)) {
            assertThat(codes(Compiler.compile(web, target, ABI, Compiler.Options.DEFAULT))).as(target.id())
                    .contains(ReportCode.LAYERS_INTERSECTED.code());
        }
    }
}
