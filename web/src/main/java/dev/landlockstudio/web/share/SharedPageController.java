package dev.landlockstudio.web.share;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.compile.Compilation;
import dev.landlockstudio.compiler.formats.Target;
import dev.landlockstudio.compiler.picture.Picture;
import dev.landlockstudio.compiler.layers.StackResolver;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.report.Severity;
import dev.landlockstudio.web.api.ApiParameters;
import dev.landlockstudio.web.api.BadParameter;
import dev.landlockstudio.web.api.NotFound;
import dev.landlockstudio.web.api.RequestRefused;
import dev.landlockstudio.web.export.Compiled;
import dev.landlockstudio.web.export.CompiledVersions;
import dev.landlockstudio.web.export.NothingToExport;
import dev.landlockstudio.web.policy.PolicyFile;
import dev.landlockstudio.web.policy.PolicyStore;
import dev.landlockstudio.web.policy.StoredPolicy;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What a share link opens, without signing in: that one version's document exactly as saved, its download, its
 * picture, and its compiled output per target and ABI with the report. Nothing else of the app: not the dry runs, the host, other
 * versions or policies; the link alone says which version (parameters cannot name another), and every answer here,
 * refusals included, is a page of its own with no way into the signed-in app. An unknown link and a revoked one get
 * the same 404, so links cannot be probed.
 */
@Controller
@RequestMapping(SharePaths.ROOT)
class SharedPageController {

    private static final String UNKNOWN = "This link is unknown or has been revoked.";

    private final ShareLinks links;
    private final PolicyStore store;
    private final CompiledVersions outputs;

    SharedPageController(ShareLinks links, PolicyStore store, CompiledVersions outputs) {
        this.links = links;
        this.store = store;
        this.outputs = outputs;
    }

    @GetMapping("/{secret}")
    String page(@PathVariable String secret, @RequestParam(required = false) String target,
                @RequestParam(required = false) Integer abi, Model model) {
        StoredPolicy shared = open(secret);
        Target chosen = target == null ? Target.values()[0] : ApiParameters.target(target);
        int chosenAbi = ApiParameters.abi(abi, shared.version().abi());
        model.addAttribute("secret", secret);
        model.addAttribute("policy", shared.version());
        model.addAttribute("document", shared.document());
        model.addAttribute("targets", Target.values());
        model.addAttribute("abis", AbiTable.VERSIONS);
        model.addAttribute("target", chosen);
        model.addAttribute("abi", chosenAbi);
        Compiled compiled = outputs.of(shared.version().name(), shared.version().version(), chosen, chosenAbi);
        model.addAttribute("compiled", compiled);
        Compilation c = compiled.compilation();
        model.addAttribute("reportSummary", (c.enforced() ? "Enforced" : "Not enforced") + " at ABI " + c.abi() + ": "
                + c.count(Severity.ERROR) + " errors, " + c.count(Severity.WARNING) + " warnings, " + c.count(Severity.INFO) + " notes");
        return "shares/shared";
    }

    @GetMapping("/{secret}/policy.json")
    ResponseEntity<byte[]> document(@PathVariable String secret) {
        return PolicyFile.of(open(secret));
    }

    /** The picture of the shared version at {@code abi} (its own by default), as the editor draws it. */
    @GetMapping(path = "/{secret}/picture", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Picture picture(@PathVariable String secret, @RequestParam(required = false) Integer abi) {
        StoredPolicy shared = open(secret);
        int chosenAbi = ApiParameters.abi(abi, shared.version().abi());
        return Picture.of(StackResolver.alone(PolicyReader.read(shared.document()), "the picture").resolved(), chosenAbi).orElseThrow(() -> new RequestRefused(
                HttpStatus.UNPROCESSABLE_CONTENT, "no-picture", "the policy is a hard requirement that ABI " + chosenAbi + " cannot meet"));
    }

    /** The compiled output as a file, named as the editor names its download; {@code format=toml}: landlockconfig's TOML. */
    @GetMapping("/{secret}/export")
    ResponseEntity<byte[]> export(@PathVariable String secret, @RequestParam(required = false) String target,
                                  @RequestParam(required = false) Integer abi, @RequestParam(required = false) String format) {
        StoredPolicy shared = open(secret);
        Target chosen = ApiParameters.target(target);
        boolean toml = ApiParameters.toml(format, chosen);
        int chosenAbi = ApiParameters.abi(abi, shared.version().abi());
        Compiled compiled = outputs.of(shared.version().name(), shared.version().version(), chosen, chosenAbi);
        if (compiled.output() == null) {
            throw new NothingToExport(compiled);
        }
        String file = shared.version().name() + "-" + chosen.id() + "-abi" + chosenAbi + "." + (toml ? "toml" : chosen.extension());
        return ResponseEntity.ok().contentType(compiled.mediaType(toml))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
                .body(compiled.output(toml));
    }

    /** Anything else beneath the share path, whatever the method: nothing is there, and nothing is writable. */
    @RequestMapping({"", "/", "/**"})
    ModelAndView elsewhere() {
        return refusal(HttpStatus.NOT_FOUND, UNKNOWN);
    }

    private StoredPolicy open(String secret) {
        ShareLinks.ShareLink link = links.open(secret).orElseThrow(() -> new NotFound(UNKNOWN));
        return store.version(link.policy(), link.version());
    }

    @ExceptionHandler(RequestRefused.class)
    ModelAndView refused(RequestRefused e) {
        return refusal(e.status(), e.getMessage());
    }

    /** A picture too large to draw. */
    @ExceptionHandler(InvalidDocumentException.class)
    ModelAndView tooLarge(InvalidDocumentException e) {
        return refusal(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ExceptionHandler(BadParameter.class)
    ModelAndView badParameter(BadParameter e) {
        return refusal(HttpStatus.BAD_REQUEST, e.parameter() + ": " + e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView mismatch(MethodArgumentTypeMismatchException e) {
        return refusal(HttpStatus.BAD_REQUEST, "parameter " + e.getName() + " must be a whole number");
    }

    private static ModelAndView refusal(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("shares/refused", status);
        page.addObject("status", status.value());
        page.addObject("message", message);
        return page;
    }
}
