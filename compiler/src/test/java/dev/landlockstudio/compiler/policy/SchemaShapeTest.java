package dev.landlockstudio.compiler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.json.JsonSchemas;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.testing.PolicyGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fast path (strict binding + SchemaShape) never accepts what policy.schema.json refuses, reading gives the
 * same result whichever path a document takes, and generated valid documents take the fast path. Checked over
 * generated documents and random mutations of them.
 */
class SchemaShapeTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void fastPathIsSoundAndGivesTheSameResult() {
        int tries = Integer.getInteger("properties.tries", 500) * 4;
        long firstSeed = Long.getLong("properties.seed", 20261122L);
        int rejected = 0;
        for (long seed = firstSeed; seed < firstSeed + tries; seed++) {
            Random random = new Random(seed);
            ObjectNode document = (ObjectNode) Json.MAPPER.valueToTree(PolicyGenerator.anyPolicy(seed).next());
            boolean mutated = seed % 5 != 0;
            if (mutated) {
                mutate(document, random);
            }
            String text = Json.write(document);
            boolean schemaAccepts = JsonSchemas.validate(PolicyReader.SCHEMA, Json.parse(text)).isEmpty();
            Policy bound = PolicyReader.bindStrictly(text);
            boolean fastAccepts = bound != null && SchemaShape.holds(bound);
            String context = "seed " + seed + ", binding says " + bindingError(text) + ", for\n" + text;
            if (fastAccepts) {
                assertThat(schemaAccepts).as("never accept what the schema refuses: %s", context).isTrue();
            }
            if (!mutated && !Json.mayContainNull(text)) {
                assertThat(fastAccepts).as("valid documents take the fast path: %s", context).isTrue();
            }
            assertThat(outcome(() -> PolicyReader.read(text))).as(context)
                    .isEqualTo(outcome(() -> PolicyReader.read(Json.parse(text))));
            rejected += schemaAccepts ? 0 : 1;
        }
        assertThat(rejected).as("the mutations produce invalid documents often").isGreaterThan(tries / 3);
    }

    /** What reading gives: the document, or the problems. */
    private static Object outcome(java.util.function.Supplier<PolicyReader.ReadPolicy> read) {
        try {
            return read.get().document();
        } catch (InvalidDocumentException e) {
            return e.problems();
        }
    }

    private static String bindingError(String text) {
        try {
            Json.STRICT_MAPPER.readValue(text, Policy.class);
            return "bound";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Replaces one value somewhere in the document with something the schema may or may not accept. */
    private static void mutate(ObjectNode document, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(document, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = oddValue(random);
        if (target instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>(object.propertyNames());
            int choice = random.nextInt(10);
            if (choice == 0 || keys.isEmpty()) {
                object.set(List.of("extra", "Name", "paths", "ifMissing", "quiet", "$schema").get(random.nextInt(6)), replacement);
            } else if (choice == 1) {
                object.remove(keys.get(random.nextInt(keys.size())));
            } else {
                object.set(keys.get(random.nextInt(keys.size())), replacement);
            }
        } else if (target instanceof ArrayNode array) {
            if (array.isEmpty() || random.nextInt(6) == 0) {
                array.add(replacement);
            } else if (random.nextInt(6) == 0) {
                array.removeAll();
            } else {
                array.set(random.nextInt(array.size()), replacement);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainer()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private static JsonNode oddValue(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(70000) - 100);
            case 3 -> NODES.numberNode(4.0);
            case 4 -> NODES.numberNode(1.5);
            case 5 -> NODES.stringNode("80");
            case 6 -> NODES.stringNode("true");
            case 7 -> NODES.stringNode("");
            case 8 -> NODES.stringNode("read_fil");
            case 9 -> NODES.stringNode(List.of("read_file", "bind_tcp", "signal", "abi.all", "abi.read_write",
                    "log_new_exec_on", "best_effort", "skip", "fail").get(random.nextInt(9)));
            case 10 -> NODES.stringNode("/srv");
            case 11 -> NODES.stringNode("bad name!");
            case 12 -> NODES.arrayNode();
            case 13 -> NODES.arrayNode().add("read_file");
            case 14 -> NODES.arrayNode().add(443);
            case 15 -> NODES.objectNode();
            case 16 -> NODES.numberNode(0);
            case 17 -> NODES.numberNode(12);
            case 18 -> NODES.numberNode(99999999999L);
            default -> NODES.numberNode(random.nextInt(12));
        };
    }
}
