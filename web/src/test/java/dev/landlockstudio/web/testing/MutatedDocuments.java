package dev.landlockstudio.web.testing;

import dev.landlockstudio.compiler.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies and parameter values for fuzzing, each drawn from one seed so that it can be replayed: valid
 * documents (the seeds given, or built from the policy schema's keys and names), then mutated: fields dropped,
 * duplicated or retyped, numbers huge, negative or fractional, strings long or odd, arrays long, values nested deep,
 * and, now and then, the text itself broken (cut, invalid UTF-8, not an object, empty).
 */
public final class MutatedDocuments {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NUMBERS = List.of("1e19", "1e300", "-1e19", "2.5", "-1", "0", "65536", "4294967296",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1e-300", "-0", "1.0", "7.0", "1E400",
            "123456789012345678901234567890123456789012345678901234567890");
    private static final List<String> ODD_TEXT = List.of("", " ", "7", "\"7\"", "\u0000", "a\u0000b", "\ud800", "\udc00x",
            "\uD83D\uDE00", "\u202Eevil", "e\u0301", "\t\n\r", "nginx\n", "../../etc/passwd", "/usr/../..", "/", "//",
            "/tmp/\u00fc", "%00", "${jndi:x}", "<script>", "null", "abi.all", "read_file", "\\", "\"", "\ufeff");
    private static final List<String> KEYS = List.of("name", "abi", "description", "compatibility", "handledAccessFs",
            "handledAccessNet", "scoped", "pathBeneath", "netPort", "restrictSelf", "quietAccessFs", "quietAccessNet",
            "quietScoped", "paths", "allowedAccess", "ports", "ifMissing", "quiet", "$schema", "policy", "mode", "probes");

    private final Random random;

    public MutatedDocuments(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** One of {@code seeds}, kept valid with probability {@code keep}, otherwise mutated one to three times. */
    public byte[] body(List<String> seeds, double keep) {
        JsonNode document = Json.parse(pick(seeds));
        if (chance(keep)) {
            return utf8(document.toString());
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            document = mutate(document);
        }
        String text = document.toString();
        if (chance(0.1)) {
            text = duplicateKey(text);
        }
        return chance(0.08) ? brokenText(text) : utf8(text);
    }

    /** A document built from the schema's vocabulary: any keys, known and unknown names mixed. */
    public String fromSchema(String name) {
        ObjectNode policy = NODES.objectNode();
        policy.put("name", name);
        if (chance(0.7)) {
            policy.put("abi", 1 + random.nextInt(11));
        }
        if (chance(0.3)) {
            policy.put("compatibility", pick(List.of("best_effort", "soft_requirement", "hard_requirement")));
        }
        for (String key : List.of("handledAccessFs", "handledAccessNet", "scoped", "restrictSelf", "quietScoped")) {
            if (chance(0.3)) {
                policy.set(key, names(key));
            }
        }
        ArrayNode paths = policy.putArray("pathBeneath");
        for (int i = random.nextInt(4); i > 0; i--) {
            ObjectNode rule = paths.addObject();
            ArrayNode list = rule.putArray("paths");
            list.add(pick(List.of("/usr", "/etc", "/tmp", "/var/log/app", "/srv/www", "/opt/ü", "/dev/null")));
            rule.set("allowedAccess", names("handledAccessFs"));
            if (chance(0.3)) {
                rule.put("ifMissing", pick(List.of("fail", "skip")));
            }
        }
        ArrayNode ports = policy.putArray("netPort");
        for (int i = random.nextInt(3); i > 0; i--) {
            ObjectNode rule = ports.addObject();
            rule.putArray("ports").add(random.nextInt(65536));
            rule.set("allowedAccess", names("handledAccessNet"));
        }
        return policy.toString();
    }

    private ArrayNode names(String key) {
        List<String> vocabulary = switch (key) {
            case "handledAccessNet" -> List.of("abi.all", "bind_tcp", "connect_tcp", "bind_udp", "connect_send_udp");
            case "scoped", "quietScoped" -> List.of("abi.all", "signal", "abstract_unix_socket");
            case "restrictSelf" -> List.of("log_same_exec_off", "log_new_exec_on", "log_subdomains_off", "tsync", "no_new_privs");
            default -> List.of("abi.all", "abi.read_execute", "abi.read_write", "execute", "read_file", "read_dir",
                    "write_file", "truncate", "refer", "ioctl_dev", "resolve_unix", "make_reg", "remove_file");
        };
        ArrayNode names = NODES.arrayNode();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            names.add(pick(vocabulary));
        }
        return names;
    }

    /** One mutation somewhere in {@code document}; the result may be anything JSON can say. */
    public JsonNode mutate(JsonNode document) {
        List<JsonNode> containers = new ArrayList<>();
        collect(document, containers);
        if (containers.isEmpty() || chance(0.03)) {
            return oddValue(0);
        }
        JsonNode target = pick(containers);
        int operation = random.nextInt(9);
        if (target instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>(object.propertyNames());
            String field = fields.isEmpty() || operation == 0 ? pick(KEYS) + (chance(0.3) ? "x" : "") : pick(fields);
            switch (operation) {
                case 1 -> object.remove(field);
                case 2 -> object.set(field, deep(object.get(field) == null ? oddValue(0) : object.get(field)));
                case 3 -> object.set(field, repeated(object.get(field)));
                default -> object.set(field, replacement(object.get(field)));
            }
        } else if (target instanceof ArrayNode array) {
            int index = array.isEmpty() ? 0 : random.nextInt(array.size());
            switch (operation) {
                case 1 -> {
                    if (!array.isEmpty()) {
                        array.remove(index);
                    }
                }
                case 2 -> array.add(deep(array.isEmpty() ? oddValue(0) : array.get(index)));
                case 3 -> {
                    JsonNode item = array.isEmpty() ? oddValue(0) : array.get(index);
                    for (int i = random.nextInt(chance(0.3) ? 1500 : 20); i > 0; i--) {
                        array.add(item.deepCopy());
                    }
                }
                default -> {
                    if (array.isEmpty()) {
                        array.add(oddValue(0));
                    } else {
                        array.set(index, replacement(array.get(index)));
                    }
                }
            }
        }
        return document;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainer()) {
            containers.add(node);
            for (JsonNode child : node.values()) {
                collect(child, containers);
            }
        }
    }

    /** Something in place of {@code value}: its own kind made extreme, or another kind. */
    private JsonNode replacement(JsonNode value) {
        if (value != null && value.isNumber() && chance(0.7)) {
            return number();
        }
        if (value != null && value.isString() && chance(0.6)) {
            return NODES.stringNode(oddString(value.stringValue()));
        }
        return oddValue(0);
    }

    private JsonNode number() {
        return Json.parse(pick(NUMBERS));
    }

    private String oddString(String base) {
        return switch (random.nextInt(5)) {
            case 0 -> pick(ODD_TEXT);
            case 1 -> base + pick(ODD_TEXT);
            // Up to about 10,000 characters: beyond every bound (4095 for a path), yet quick to send.
            case 2 -> (base.isEmpty() ? "x" : base).repeat(1 + random.nextInt(Math.max(1, 10_000 / Math.max(1, base.length()))));
            case 3 -> "/" + "a/".repeat(random.nextInt(3000));
            default -> "\uD83D\uDE00".repeat(random.nextInt(3000));
        };
    }

    private JsonNode oddValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2, 3 -> number();
            case 4, 5 -> NODES.stringNode(oddString(pick(KEYS)));
            case 6 -> NODES.arrayNode().add(oddValue(depth + 1));
            case 7 -> NODES.objectNode().set(pick(KEYS), oddValue(depth + 1));
            default -> NODES.arrayNode();
        };
    }

    private JsonNode deep(JsonNode value) {
        JsonNode nested = value.deepCopy();
        // Deeper nesting than the writer allows is sent as text (brokenText).
        for (int i = random.nextInt(chance(0.5) ? 20 : 150); i > 0; i--) {
            nested = chance(0.5) ? NODES.arrayNode().add(nested) : NODES.objectNode().set(pick(KEYS), nested);
        }
        return nested;
    }

    private JsonNode repeated(JsonNode value) {
        ArrayNode many = NODES.arrayNode();
        JsonNode item = value == null ? oddValue(0) : value.isArray() && !value.isEmpty() ? value.get(0) : value;
        // Up to half again the 1000 items a list may hold.
        for (int i = random.nextInt(chance(0.3) ? 1500 : 20); i >= 0; i--) {
            many.add(item.deepCopy());
        }
        return many;
    }

    private String duplicateKey(String text) {
        int open = text.indexOf('{');
        return open < 0 ? text : text.substring(0, open + 1) + "\"" + pick(KEYS) + "\": " + pick(NUMBERS) + ", "
                + text.substring(open + 1);
    }

    private byte[] brokenText(String text) {
        return switch (random.nextInt(7)) {
            case 0 -> utf8(text.substring(0, random.nextInt(text.length() + 1)));
            case 1 -> {
                byte[] bytes = utf8(text);
                if (bytes.length > 0) {
                    bytes[random.nextInt(bytes.length)] = (byte) (int) pick(List.of(0xff, 0xc0, 0x80, 0xed, 0x00));
                }
                yield bytes;
            }
            case 2 -> utf8("\ufeff" + text);
            case 3 -> utf8(text + pick(List.of("}", " {}", "x", "\u0000", ",")));
            case 4 -> utf8(pick(List.of("", " ", "null", "[]", "42", "\"policy\"", "true", "{", "[", "{}", "[{}]")));
            case 5 -> utf8("[".repeat(100_000));
            default -> utf8("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000));
        };
    }

    /** A query parameter's value: plausible, out of range, not a number, or long. */
    public String parameter(List<String> plausible) {
        if (chance(0.4)) {
            return pick(plausible);
        }
        return switch (random.nextInt(4)) {
            case 0 -> pick(NUMBERS);
            case 1 -> pick(List.of("", " 7", "7 ", "0x7", "+7", "seven", "-", "1e30", "NaN", "Infinity", "true"));
            case 2 -> pick(ODD_TEXT);
            default -> "x".repeat(1 + random.nextInt(5000));
        };
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
