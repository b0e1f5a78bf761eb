package dev.landlockstudio.compiler.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resolving extends: the order of the layers, and every way a base can be wrong, at the pointer that brings it in. */
class StackResolverTest {

    private final Map<String, String> store = new HashMap<>();

    /** A policy handling read_file, granting it beneath /NAME, extending {@code bases}. */
    private static String policy(String name, String... bases) {
        String extendsList = bases.length == 0 ? "" : ", \"extends\": [\"" + String.join("\", \"", bases) + "\"]";
        return "{\"name\": \"" + name + "\"" + extendsList + ", \"handledAccessFs\": [\"read_file\"],"
                + " \"handledAccessNet\": [], \"scoped\": [], \"pathBeneath\": [{\"paths\": [\"/" + name + "\"],"
                + " \"allowedAccess\": [\"read_file\"]}]}";
    }

    private void store(String name, String... bases) {
        store.put(name, policy(name, bases));
    }

    private PolicyStack resolve(String text) {
        return StackResolver.resolve(PolicyReader.read(text), name -> Optional.ofNullable(store.get(name)));
    }

    private List<Problem> problems(String text) {
        try {
            resolve(text);
        } catch (InvalidDocumentException e) {
            return e.problems();
        }
        throw new AssertionError("resolved without a problem: " + text);
    }

    @Test
    void basesComeFirstTheirOwnBasesBeforeThemEachOnceThePolicyLast() {
        store("os");
        store("tools", "os");
        store("net", "os");
        PolicyStack stack = resolve(policy("app", "tools", "net"));
        assertThat(stack.layers()).extracting(PolicyStack.Layer::name).containsExactly("os", "tools", "net", "app");
        assertThat(stack.layers()).extracting(PolicyStack.Layer::via).containsExactly("/extends/0", "/extends/0",
                "/extends/1", "");
        assertThat(stack.top().name()).isEqualTo("app");
        assertThat(resolve(policy("alone")).layered()).isFalse();
    }

    @Test
    void anUnknownBaseIsReportedAtItsPlaceAndThroughTheChainThatNamesIt() {
        store("tools", "missing");
        assertThat(problems(policy("app", "nope"))).containsExactly(
                new Problem("/extends/0", "no policy is named \"nope\""));
        assertThat(problems(policy("app", "tools"))).containsExactly(
                new Problem("/extends/0", "tools extends missing, but no policy is named \"missing\""));
        assertThatThrownBy(() -> StackResolver.resolve(PolicyReader.read(policy("app", "os")), Bases.NONE))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("/extends/0");
    }

    @Test
    void aCycleIsRefused() {
        store("a", "b");
        store("b", "a");
        assertThat(problems(policy("app", "a"))).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/extends/0");
            assertThat(p.message()).startsWith("a cycle: app extends a extends b extends a");
        });
        assertThat(problems(policy("app", "app"))).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("a cycle: app extends app"));
    }

    @Test
    void anInvalidBaseReportsItsProblemsWithItsName() {
        store.put("broken", "{\"name\": \"broken\", \"handledAccessFs\": [\"read_file\"], \"pathBeneath\": [{\"paths\":"
                + " [\"relative\"], \"allowedAccess\": [\"write_file\"]}]}");
        List<Problem> problems = problems(policy("app", "os-ok", "broken").replace("\"os-ok\", ", ""));
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.pointer()).isEqualTo("/extends/0");
            assertThat(p.message()).startsWith("base \"broken\" is invalid at /pathBeneath/0");
        });
        assertThat(problems).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("relative"))
                .anySatisfy(m -> assertThat(m).contains("write_file is allowed here but not handled"));
    }

    @Test
    void aBaseFoundUnderANameMustCarryIt() {
        store.put("os", policy("other"));
        assertThat(problems(policy("app", "os"))).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("the policy found for \"os\" is named \"other\""));
    }

    @Test
    void moreThanSixteenLayersInAllAreRefusedAsTheKernelWould() {
        // A chain of 16 bases and the policy: 17 rulesets, one more than the kernel stacks (E2BIG).
        store("b0");
        for (int i = 1; i < 16; i++) {
            store("b" + i, "b" + (i - 1));
        }
        assertThat(problems(policy("app", "b15"))).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/extends");
            assertThat(p.message()).startsWith("17 layers in all").contains("at most 16");
        });
        assertThat(resolve(policy("app", "b14")).layers()).hasSize(16);
    }

    @Test
    void theSchemaLimitsExtendsToUniqueNamesAndFifteenBases() {
        assertThatThrownBy(() -> PolicyReader.read(policy("app", "os", "os"))).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("/extends");
        assertThatThrownBy(() -> PolicyReader.read(policy("app", "no spaces"))).isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("/extends/0");
    }

    @Test
    void commandsThatTakeAPolicyAloneRefuseOneWithBases() {
        assertThatThrownBy(() -> StackResolver.alone(PolicyReader.read(policy("app", "os")), "matrix"))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("/extends: matrix takes a policy on its own, and this one extends os");
    }
}
