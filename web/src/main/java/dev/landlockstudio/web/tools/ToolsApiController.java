package dev.landlockstudio.web.tools;

import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.compile.Compiler;
import dev.landlockstudio.compiler.evaluator.AccessRequest;
import dev.landlockstudio.compiler.explain.Explanation;
import dev.landlockstudio.compiler.formats.Import;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.lint.Lints;
import dev.landlockstudio.compiler.matrix.Matrix;
import dev.landlockstudio.compiler.picture.Picture;
import dev.landlockstudio.compiler.layers.PolicyStack;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.web.policy.PolicyStacks;
import dev.landlockstudio.compiler.policy.ResolvedPolicy;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.problem.Problem;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.api.JsonFields;
import dev.landlockstudio.web.host.HostExceptViews;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The compiler's stateless tools over REST: nothing is stored. Invalid documents get 422 with each problem's pointer. A
 * policy's bases ({@code extends}) are the saved policies of those names, at their latest versions.
 */
@RestController
@RequestMapping(path = "/api", consumes = MediaType.APPLICATION_JSON_VALUE)
class ToolsApiController {

    private static final Set<String> EXPLAIN_FIELDS = Set.of("policy", "access", "path", "to", "port", "abi");
    private static final AccessRequest.Names EXPLAIN_NAMES = new AccessRequest.Names("/path", "/to", "/port");

    private final PolicyStacks stacks;

    ToolsApiController(PolicyStacks stacks) {
        this.stacks = stacks;
    }

    /** A valid policy's name and its lints; an invalid one is a 422 problem. */
    @PostMapping("/validate")
    Map<String, Object> validate(@RequestBody String policy) {
        PolicyReader.ReadPolicy read = PolicyReader.read(policy);
        PolicyStack stack = stacks.of(read);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("valid", true);
        result.put("name", read.document().name());
        if (stack.layered()) {
            result.put("layers", stack.layers().stream().map(PolicyStack.Layer::name).toList());
        }
        result.put("lints", Lints.of(read.resolved(), FsView.empty()));
        return result;
    }

    /** {@code {target, abi, output, report}}; output is null when refused, as the report then says. */
    @PostMapping("/compile")
    Map<String, Object> compile(@RequestBody String policy, @RequestParam(required = false) String target,
                                @RequestParam(required = false) Integer abi) {
        PolicyStack stack = stacks.of(policy);
        Target chosen = ApiParameters.target(target);
        Compilation compilation = Compiler.compile(stack, chosen, ApiParameters.abi(abi, stack.top().abi()),
                Compiler.Options.DEFAULT);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("target", chosen.id());
        result.put("abi", compilation.abi());
        result.put("output", compilation.refused() ? null : compilation.output());
        result.put("report", compilation);
        return result;
    }

    /**
     * {@code {"policy": {...}, "access": "read_file", "path": "/etc/hosts", "abi": 7}} (also {@code to} for rename and
     * link, {@code port} for network accesses): {@code {decision, explanation}}.
     */
    @PostMapping("/explain")
    Map<String, Object> explain(@RequestBody String body) {
        JsonFields request = JsonFields.of(body, EXPLAIN_FIELDS, "{\"policy\": {...}, \"access\": \"read_file\", \"path\": \"...\"}");
        if (request.node("policy") == null) {
            throw new InvalidDocumentException("/policy", "the policy is missing");
        }
        PolicyReader.ReadPolicy read;
        PolicyStack stack;
        try {
            read = PolicyReader.read(request.node("policy"));
            stack = stacks.of(read);
        } catch (InvalidDocumentException e) {
            throw inPolicy(e);
        }
        ResolvedPolicy policy = read.resolved();
        AccessRequest access;
        try {
            access = AccessRequest.of(request.text("access", 100), request.text("path", JsonFields.PATH_MAX),
                    request.text("to", JsonFields.PATH_MAX), request.integer("port"), EXPLAIN_NAMES);
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("/access", e.getMessage());
        }
        int abi = ApiParameters.abi(request.integer("abi"), policy.abi());
        FsView view = HostExceptViews.of(stack.combined());
        Optional<Explanation> explained;
        try {
            explained = Explanation.of(stack, abi, view, access);
        } catch (InvalidDocumentException e) {
            // The policy cannot be lowered here (an except path with a symlink on its way): say where in the request.
            throw inPolicy(e);
        }
        Explanation explanation = explained.orElseThrow(() ->
                new InvalidDocumentException("/abi", "the policy is a hard requirement that ABI " + abi + " cannot meet"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("abi", abi);
        result.put("decision", explanation.decision());
        result.put("decidedBy", explanation.decidedBy());
        result.put("explanation", explanation.lines());
        if (stack.layered()) {
            result.put("layers", stack.layers().stream().map(PolicyStack.Layer::name).toList());
        } else {
            // A fix edits the policy's own document; under bases, the layer that denies may be another's.
            Remedies.allowing(read, abi, view, access, explanation.decision()).ifPresent(fix -> result.put("fix", fix));
        }
        return result;
    }

    /** The problems of the request's policy, pointed at within the request. */
    private static InvalidDocumentException inPolicy(InvalidDocumentException e) {
        return new InvalidDocumentException(e.problems().stream()
                .map(p -> new Problem("/policy" + p.pointer(), p.message())).toList());
    }

    /**
     * What the policy allows at {@code abi} (its own by default), for people: the tree of its paths with each handled
     * right granted, inherited or denied, the ports, the scopes and what nothing restricts.
     */
    @PostMapping("/picture")
    Picture picture(@RequestBody String policy, @RequestParam(required = false) Integer abi) {
        ResolvedPolicy resolved = StackResolver.alone(PolicyReader.read(policy), "picture").resolved();
        int at = ApiParameters.abi(abi, resolved.abi());
        return Picture.of(resolved, at, HostExceptViews.of(resolved)).orElseThrow(() -> new InvalidDocumentException("/compatibility",
                "the policy is a hard requirement that ABI " + at + " cannot meet: the compile report says what it lacks"));
    }

    /**
     * A file in another tool's format (detected unless {@code from} names it), read back: {@code {format, policy, notes}};
     * {@code base}: the directory landlockconfig's relative paths are taken from; {@code select}: the CONTAINER[/BINARY]
     * of a PodLock profile to read.
     */
    @PostMapping("/import")
    Import importFile(@RequestBody String file, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String name, @RequestParam(required = false) String base,
                      @RequestParam(required = false) String select) {
        return Import.read(file, ApiParameters.importFormat(from), name, "imported", ApiParameters.importBase(base),
                ApiParameters.importSelect(select));
    }

    /**
     * Every ABI × target: what each enforces, and what it allows or denies unlike the policy as written; within
     * {@link MatrixBounds}.
     */
    @PostMapping("/matrix")
    List<Matrix.Cell> matrix(@RequestBody String policy) {
        ResolvedPolicy resolved = StackResolver.alone(PolicyReader.read(policy), "matrix").resolved();
        MatrixBounds.check(resolved);
        return Matrix.of(resolved);
    }
}
