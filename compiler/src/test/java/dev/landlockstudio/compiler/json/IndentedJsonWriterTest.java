package dev.landlockstudio.compiler.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The writer gives the very text {@link Json#write} gives for the same document: outputs must not change with it. */
class IndentedJsonWriterTest {

    /** Characters a path may hold that JSON writes escaped, or that sit at the edges of the plain range. */
    private static final String CHARACTERS = "ab/ .-_~\"\\\u0000\u0008\t\n\f\r\u001f\u007f\u0080é\u2028\uD83D\uDE00";
    /** Names are a format's own constants: printable ASCII. */
    private static final String NAME_CHARACTERS = "abAB09_-";

    @Test
    void writesWhatTheMapperWritesForGeneratedDocuments() {
        for (long seed = 0; seed < 500; seed++) {
            Random random = new Random(seed);
            ObjectNode document = object(random, 0);
            IndentedJsonWriter writer = new IndentedJsonWriter(16);
            writer.startObject();
            members(document, writer);
            writer.endObject();
            assertThat(writer.finish()).as("seed %d", seed).isEqualTo(Json.write(document));
        }
    }

    @Test
    void writesEmptyContainersOnOneLine() {
        String written = new IndentedJsonWriter(0).startObject().startArray("rules").endArray()
                .startObject("attr").endObject().endObject().finish();
        assertThat(written).isEqualTo("{\n  \"rules\": [],\n  \"attr\": {}\n}\n");
    }

    @Test
    void indentsBeyondItsPreparedDepth() {
        IndentedJsonWriter writer = new IndentedJsonWriter(0).startObject();
        ObjectNode document = Json.MAPPER.createObjectNode();
        ObjectNode inner = document;
        for (int depth = 0; depth < 40; depth++) {
            writer.startObject("level");
            inner = inner.putObject("level");
        }
        writer.number("deep", 1);
        inner.put("deep", 1);
        for (int depth = 0; depth < 40; depth++) {
            writer.endObject();
        }
        assertThat(writer.endObject().finish()).isEqualTo(Json.write(document));
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode object = Json.MAPPER.createObjectNode();
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            String name = text(random, NAME_CHARACTERS) + i;
            switch (random.nextInt(depth < 3 ? 7 : 4)) {
                case 0 -> object.put(name, text(random, CHARACTERS));
                case 3 -> object.put(text(random, CHARACTERS), random.nextDouble() * 1e6);
                case 1 -> object.put(name, random.nextLong() >> random.nextInt(64));
                case 2 -> object.put(name, random.nextBoolean());
                case 4, 5 -> object.set(name, array(random, depth + 1));
                default -> object.set(name, object(random, depth + 1));
            }
        }
        return object;
    }

    private static ArrayNode array(Random random, int depth) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        int elements = random.nextInt(4);
        for (int i = 0; i < elements; i++) {
            switch (random.nextInt(3)) {
                case 0 -> array.add(text(random, CHARACTERS));
                case 1 -> array.add(random.nextInt());
                default -> array.add(object(random, depth + 1));
            }
        }
        return array;
    }

    private static String text(Random random, String characters) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            text.append(characters.charAt(random.nextInt(characters.length())));
        }
        return text.toString();
    }

    /** Each member as the writer's own calls write it, or, for what they do not cover and every third container, as a tree. */
    private static void members(ObjectNode object, IndentedJsonWriter writer) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (value.isDouble() || (value.isContainer() && name.length() % 3 == 0)) {
                writer.tree(name, value);
            } else if (value.isString()) {
                writer.string(name, value.stringValue());
            } else if (value.isBoolean()) {
                writer.bool(name, value.booleanValue());
            } else if (value.isNumber()) {
                writer.number(name, value.longValue());
            } else if (value.isArray()) {
                writer.startArray(name);
                elements((ArrayNode) value, writer);
                writer.endArray();
            } else {
                writer.startObject(name);
                members((ObjectNode) value, writer);
                writer.endObject();
            }
        }
    }

    private static void elements(ArrayNode array, IndentedJsonWriter writer) {
        for (JsonNode element : array) {
            if (element.isString()) {
                writer.string(element.stringValue());
            } else if (element.isNumber()) {
                writer.number(element.longValue());
            } else {
                writer.startObject();
                members((ObjectNode) element, writer);
                writer.endObject();
            }
        }
    }
}
