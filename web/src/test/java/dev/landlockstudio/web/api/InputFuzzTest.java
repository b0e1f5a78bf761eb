package dev.landlockstudio.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.web.testing.MutatedDocuments;
import dev.landlockstudio.web.testing.ServerTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Generated and mutated documents and parameters sent to every endpoint that reads one, over HTTP to the real server
 * and its H2 file database: none may answer 5xx or take longer than the per-request timeout, and every refusal is
 * problem+json. {@code -Dfuzz.cases=N} (default 10,000) and {@code -Dfuzz.seed=S} (default fixed) choose the cases;
 * case i is drawn from seed S+i alone, so a failure names the {@code -Dfuzz.seed=... -Dfuzz.cases=1} that replays it.
 */
class InputFuzzTest extends ServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> TARGETS = List.of("native", "c", "oci", "oci-1111", "oci-launcher", "go-landlock", "landlockconfig", "sandboxer", "firejail", "landrun");
    private static final List<String> FORMATS = List.of("policy", "oci", "oci-1111", "go-landlock", "landlockconfig", "native", "sandboxer", "firejail", "landrun");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/json;charset=ISO-8859-1",
            "application/json;charset=UTF-16", "application/json;charset=no-such-charset", "application/json;charset=",
            "application/*", "", "multipart/form-data");
    /**
     * Answers about this host, not the request: a dry run where Landlock or OverlayFS is missing, or on stock kernels
     * where none is cached (the test's data directory has no kernel cache).
     */
    private static final Set<String> HOST_TYPES = Set.of("no-landlock", "no-overlayfs", "no-kernels");

    private static final Pattern FIREWALL = Pattern.compile("(?i)//|%25|%[01][0-9a-f]|%7f|;|%3b|%2e|%5c");
    private static final Map<String, LongAdder> TIMES = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static final List<String> policies = new ArrayList<>();
    private static final Map<String, List<String>> imports = new TreeMap<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @BeforeAll
    static void storeExamples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String example = Files.readString(file);
                policies.add(example);
                assertThat(api.post("/api/policies", example).statusCode()).isEqualTo(201);
            }
        }
        String name = Json.parse(policies.get(0)).get("name").stringValue();
        assertThat(api.put("/api/policies/" + name + "?note=second", policies.get(0), "If-Match", "\"v1\"").statusCode()).isEqualTo(200);
        for (String format : FORMATS) {
            List<String> outputs = new ArrayList<>();
            for (String policy : policies) {
                JsonNode compiled = Json.parse(api.post("/api/compile?target=" + format, policy).body());
                if (compiled.path("output").isObject()) {
                    outputs.add(compiled.get("output").toString());
                }
            }
            imports.put(format, outputs);
        }
    }

    @Test
    void noInputGets5xxOrHangs() throws Exception {
        int cases = Integer.getInteger("fuzz.cases", 10_000);
        long firstSeed = Long.getLong("fuzz.seed", 20261203L);
        Map<String, String> failures = new TreeMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(Integer.getInteger("fuzz.threads", 3));
        try {
            List<Future<String>> results = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + cases; seed++) {
                long caseSeed = seed;
                results.add(senders.submit(() -> sendCase(caseSeed)));
            }
            for (Future<String> result : results) {
                String failure = result.get();
                if (failure != null) {
                    // One example of each kind of failure: the endpoint and what went wrong.
                    failures.putIfAbsent(failure.substring(0, failure.indexOf('\n')), failure);
                }
            }
        } finally {
            senders.shutdownNow();
            senders.awaitTermination(1, TimeUnit.MINUTES);
            awaitDryRuns();
        }
        TIMES.forEach((endpoint, nanos) -> System.out.println("fuzz: " + endpoint + " " + nanos.sum() / 1_000_000 + " ms in all, "
                + COUNTS.get(endpoint).sum() + " cases"));
        if (!failures.isEmpty()) {
            fail(failures.size() + " kinds of failure:\n\n" + String.join("\n\n", failures.values()));
        }
    }

    /** Sends case {@code seed}: null when the answer was fine, otherwise what went wrong and how to replay it. */
    private static String sendCase(long seed) {
        MutatedDocuments fuzz = new MutatedDocuments(seed);
        Call call = call(fuzz);
        HttpRequest.Builder request = server.request(call.path).timeout(TIMEOUT).header("Authorization", "Bearer " + api.token());
        call.headers.forEach(request::header);
        if (call.body == null) {
            request.GET();
        } else {
            request.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
        }
        String problem;
        HttpResponse<String> response = null;
        long start = System.nanoTime();
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            TIMES.computeIfAbsent(call.endpoint(), e -> new LongAdder()).add(System.nanoTime() - start);
            COUNTS.computeIfAbsent(call.endpoint(), e -> new LongAdder()).increment();
            problem = check(call, response);
        } catch (HttpTimeoutException e) {
            problem = "no answer within " + TIMEOUT.toSeconds() + " s";
        } catch (IOException e) {
            problem = "the connection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (problem == null) {
            return null;
        }
        String body = call.body == null ? "" : new String(call.body, StandardCharsets.UTF_8);
        return call.endpoint() + ": " + problem + "\n"
                + "replay: -Dfuzz.seed=" + seed + " -Dfuzz.cases=1\n"
                + call.method + " " + shorten(call.path, 2_000) + " " + call.headers + "\n"
                + "body (" + (call.body == null ? 0 : call.body.length) + " bytes): " + shorten(body, 20_000) + "\n"
                + (response == null ? "" : "answer: " + shorten(response.body(), 2_000));
    }

    private static String check(Call call, HttpResponse<String> response) {
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 500) {
            if (status == 503 && HOST_TYPES.stream().anyMatch(t -> response.body().contains("/problems/" + t + "\""))) {
                return null;
            }
            return "status " + status;
        }
        if (status == 400 && (type.startsWith("text/html") && connectorRefuses(call) || firewallRefuses(call))) {
            return null;
        }
        if (status >= 400 && !type.startsWith("application/problem+json")) {
            return "status " + status + " answered as " + type + ", not application/problem+json";
        }
        if (status == 400 && !response.body().contains("\"parameter\"") && !response.body().contains("\"problems\"")) {
            return "status 400 that names neither a parameter nor a pointer";
        }
        return null;
    }

    /** Tomcat refuses these before the application sees them: an encoded / or \\ or NUL in the path, or a request line over 8 KB. */
    private static boolean connectorRefuses(Call call) {
        String path = call.path.replaceAll("\\?.*", "").toUpperCase();
        return path.contains("%2F") || path.contains("%5C") || path.contains("%00") || call.path.length() > 8000;
    }

    /**
     * Spring Security's firewall refuses these paths (an encoded %, a control character, ;, \\ or //) before any
     * endpoint, answered by the error page.
     */
    private static boolean firewallRefuses(Call call) {
        return FIREWALL.matcher(call.path.replaceAll("\\?.*", "")).find();
    }

    private record Call(String method, String path, byte[] body, Map<String, String> headers) {

        /** The endpoint, without the values in its path and query. */
        String endpoint() {
            String template = path.replaceAll("\\?.*", "").replaceAll("^/api/policies/[^/]+", "/api/policies/{name}")
                    .replaceAll("/versions/.*", "/versions/{v}").replaceAll("^/api/learns/.*", "/api/learns/{id}");
            return method + " " + template;
        }
    }

    /** What case {@code fuzz} sends: an endpoint, chosen by the seed, with a generated body or parameters. */
    private static Call call(MutatedDocuments fuzz) {
        Map<String, String> headers = new TreeMap<>();
        headers.put("Content-Type", fuzz.chance(0.03) ? fuzz.pick(CONTENT_TYPES) : "application/json");
        headers.values().removeIf(String::isEmpty);
        String stored = fuzz.pick(storedNames());
        int endpoint = fuzz.random().nextInt(100);
        if (endpoint < 2) {
            // Dry runs start real trials: few, and mostly invalid ones.
            return new Call("POST", "/api/policies/" + stored + "/dry-runs", dryRunBody(fuzz), headers);
        }
        if (endpoint < 14) {
            String note = fuzz.chance(0.5) ? "" : "?note=" + query(fuzz.parameter(List.of("first", "x".repeat(500),
                    "x".repeat(501), "\uD83D\uDE00".repeat(300))));
            return new Call("POST", "/api/policies" + note, documents(fuzz), headers);
        }
        if (endpoint < 24) {
            headers.put("If-Match", fuzz.chance(0.8) ? "\"v" + (1 + fuzz.random().nextInt(3)) + "\"" : header(fuzz.parameter(List.of("*", "v1"))));
            String note = fuzz.chance(0.5) ? "" : "?note=" + query(fuzz.parameter(List.of("x".repeat(2000), "fix")));
            return new Call("PUT", "/api/policies/" + stored + note, policyNamed(fuzz, stored), headers);
        }
        if (endpoint < 29) {
            return new Call("POST", "/api/validate", documents(fuzz), headers);
        }
        if (endpoint < 34) {
            return new Call("POST", "/api/picture" + abiParameter(fuzz).replaceFirst("^&", "?"), documents(fuzz), headers);
        }
        if (endpoint < 46) {
            return new Call("POST", "/api/compile?target=" + query(fuzz.parameter(TARGETS)) + abiParameter(fuzz), documents(fuzz), headers);
        }
        if (endpoint < 56) {
            return new Call("POST", "/api/explain", explainBody(fuzz), headers);
        }
        if (endpoint < 68) {
            String format = fuzz.pick(FORMATS);
            List<String> files = imports.get(format).isEmpty() ? policies : imports.get(format);
            // Empty: the format is detected from the content.
            String from = fuzz.chance(0.3) ? "" : fuzz.chance(0.9) ? format : fuzz.parameter(FORMATS);
            String name = fuzz.chance(0.7) ? "" : "&name=" + query(fuzz.parameter(List.of("imported", "a".repeat(65))));
            return new Call("POST", "/api/import?from=" + query(from) + name, fuzz.body(files, 0.2), headers);
        }
        if (endpoint < 73) {
            // The matrix compiles 77 times: fewer cases than the others.
            return new Call("POST", "/api/matrix", documents(fuzz), headers);
        }
        if (endpoint < 86) {
            StringBuilder path = new StringBuilder("/api/policies/" + stored + "/export?target=" + query(fuzz.parameter(TARGETS)));
            path.append(abiParameter(fuzz));
            if (fuzz.chance(0.5)) {
                path.append("&version=").append(query(fuzz.parameter(List.of("1", "2", "3"))));
            }
            if (fuzz.chance(0.3)) {
                path.append("&envelope=").append(query(fuzz.parameter(List.of("true", "false"))));
            }
            if (fuzz.chance(0.1)) {
                headers.put("If-None-Match", header(fuzz.parameter(List.of("\"v1-oci-7\"", "*"))));
            }
            return new Call("GET", path.toString(), null, headers);
        }
        if (endpoint < 93) {
            return new Call("GET", "/api/policies/" + stored + "/diff?from=" + query(fuzz.parameter(List.of("1", "2")))
                    + (fuzz.chance(0.9) ? "&to=" + query(fuzz.parameter(List.of("1", "2", "3"))) : ""), null, headers);
        }
        if (endpoint < 95) {
            // Records are text: documents, mutated or cut, are lines of unknown shape.
            headers.put("Content-Type", fuzz.chance(0.1) ? fuzz.pick(CONTENT_TYPES) : "text/plain");
            headers.values().removeIf(String::isEmpty);
            String version = fuzz.chance(0.7) ? "" : "?version=" + query(fuzz.parameter(List.of("1", "2")));
            return new Call("POST", "/api/policies/" + stored + "/audit" + version, documents(fuzz), headers);
        }
        return switch (fuzz.random().nextInt(5)) {
            case 0 -> new Call("GET", "/api/policies?q=" + query(fuzz.parameter(List.of("nginx", "%", "_"))), null, headers);
            case 1 -> new Call("GET", "/api/policies/" + stored + "/versions/" + query(fuzz.parameter(List.of("1", "2"))), null, headers);
            // Commands are off on this server: a learn is refused, whatever its body.
            case 2 -> new Call("POST", "/api/learns", documents(fuzz), headers);
            case 3 -> new Call("GET", "/api/learns/" + query(fuzz.parameter(List.of("1", "2"))), null, headers);
            default -> new Call("GET", "/api/policies/" + query(fuzz.parameter(List.of(stored))) + "/versions", null, headers);
        };
    }

    private static List<String> storedNames() {
        return policies.stream().map(p -> Json.parse(p).get("name").stringValue()).toList();
    }

    /** A policy: an example or one built from the schema, valid or mutated. */
    private static byte[] documents(MutatedDocuments fuzz) {
        List<String> seeds = fuzz.chance(0.5) ? policies : List.of(fuzz.fromSchema("fuzz-" + fuzz.random().nextInt(1_000_000)));
        return fuzz.body(seeds, 0.15);
    }

    private static byte[] policyNamed(MutatedDocuments fuzz, String name) {
        String policy = policies.stream().filter(p -> p.contains("\"" + name + "\"")).findFirst().orElseThrow();
        return fuzz.body(List.of(policy, fuzz.fromSchema(name)), 0.2);
    }

    private static byte[] explainBody(MutatedDocuments fuzz) {
        String request = "{\"policy\": " + Json.parse(fuzz.pick(policies)) + ", \"access\": \""
                + fuzz.pick(List.of("read_file", "write_file", "rename", "bind_tcp", "connect_tcp", "signal", "execute")) + "\""
                + ", \"path\": \"/etc/nginx/nginx.conf\", \"to\": \"/tmp/x\", \"port\": 443"
                + (fuzz.chance(0.5) ? ", \"abi\": " + (1 + fuzz.random().nextInt(11)) : "") + "}";
        return fuzz.body(List.of(request), 0.15);
    }

    private static byte[] dryRunBody(MutatedDocuments fuzz) {
        String request = fuzz.pick(List.of(
                "{\"mode\": \"scratch\", \"probes\": [\"read_file:/usr/probe\", \"write_file:/tmp/x\"]}",
                "{\"mode\": \"host\", \"probes\": [\"read_file:/etc/hostname\"], \"version\": 1}",
                "{\"mode\": \"overlay\", \"lowerDir\": \"relative/dir\"}",
                "{\"mode\": \"command\", \"command\": [\"true\"]}",
                "{\"mode\": \"host\", \"probes\": [\"write_file:/etc/hostname\"]}",
                "{\"mode\": \"kernels\", \"kernels\": [2, 11], \"probes\": [\"read_file:/usr/probe\"]}"));
        // Valid runs are kept to a few dozen: each is a real trial.
        return fuzz.body(List.of(request), 0.05);
    }

    private static String abiParameter(MutatedDocuments fuzz) {
        return fuzz.chance(0.5) ? "" : "&abi=" + query(fuzz.parameter(List.of("1", "4", "7", "11", "12", "0")));
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What a header can carry: visible ASCII (the client refuses anything else before sending). */
    private static String header(String value) {
        String visible = value.replaceAll("[^\\x21-\\x7e]", "");
        return visible.isEmpty() ? "x" : visible;
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
    }

    /** Trials started by the cases finish before the server stops, so that none is cut off halfway. */
    private static void awaitDryRuns() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (String name : storedNames()) {
            while (api.get("/api/policies/" + name + "/dry-runs").body().contains("\"status\":\"running\"")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
    }
}
