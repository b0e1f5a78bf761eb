package dev.landlockstudio.compiler.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import dev.landlockstudio.compiler.testing.Policies;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chips say what the kernel decides: granted on the rule's path, inherited beneath it, denied elsewhere. */
class PictureTest {

    private static final String USR = "{'name':'p','abi':7,'handledAccessFs':['read_file','write_file','execute'],"
            + "'handledAccessNet':['bind_tcp','connect_tcp'],'scoped':['signal'],"
            + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file','execute']},"
            + "{'paths':['/usr/lib/cache'],'allowedAccess':['write_file']}],"
            + "'netPort':[{'ports':[443],'allowedAccess':['connect_tcp']}]}";

    private static Picture picture(String policy, int abi) {
        return Picture.of(Policies.resolve(policy), abi).orElseThrow();
    }

    private static Picture.Node node(Picture.Node from, String path) {
        if (from.path().equals(path)) {
            return from;
        }
        return from.children().stream().map(c -> Optional.ofNullable(nodeOrNull(c, path))).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> new AssertionError("no node " + path));
    }

    private static Picture.Node nodeOrNull(Picture.Node from, String path) {
        if (from.path().equals(path)) {
            return from;
        }
        for (Picture.Node child : from.children()) {
            Picture.Node found = nodeOrNull(child, path);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Chip chip(Picture.Node node, String right) {
        return node.chips().stream().filter(c -> c.right().equals(right)).findFirst()
                .orElseThrow(() -> new AssertionError(right + " has no chip at " + node.path()));
    }

    @Test
    void aRuleGrantsOnItsPathItsDescendantsInheritAndTheRestIsDenied() {
        Picture picture = picture(USR, 7);
        Picture.Node root = picture.tree();
        assertThat(root.path()).isEqualTo("/");
        assertThat(root.children()).extracting(Picture.Node::path).containsExactly("/usr");
        assertThat(node(root, "/usr").children()).extracting(Picture.Node::path).containsExactly("/usr/lib");

        Picture.Node usr = node(root, "/usr");
        assertThat(usr.rules()).containsExactly("/pathBeneath/0");
        assertThat(chip(usr, "read_file")).isEqualTo(new Chip("read_file", Chip.State.GRANTED, "/usr", List.of("/pathBeneath/0")));
        assertThat(chip(usr, "write_file").state()).as("handled, not granted on /usr").isEqualTo(Chip.State.DENIED);
        assertThat(chip(usr, "write_file").rules()).isEmpty();

        Picture.Node lib = node(root, "/usr/lib");
        assertThat(lib.rules()).as("an ancestor node, no rule of its own").isEmpty();
        assertThat(chip(lib, "read_file")).isEqualTo(new Chip("read_file", Chip.State.INHERITED, "/usr", List.of("/pathBeneath/0")));
        assertThat(chip(lib, "write_file").state()).isEqualTo(Chip.State.DENIED);

        Picture.Node cache = node(root, "/usr/lib/cache");
        assertThat(chip(cache, "write_file").state()).isEqualTo(Chip.State.GRANTED);
        assertThat(chip(cache, "execute")).isEqualTo(new Chip("execute", Chip.State.INHERITED, "/usr", List.of("/pathBeneath/0")));

        assertThat(root.chips()).extracting(Chip::state).containsOnly(Chip.State.DENIED);
        assertThat(root.chips()).extracting(Chip::right).containsExactly("execute", "write_file", "read_file");
    }

    @Test
    void rightsThatAreNotHandledAreAllowedEverywhereNotDenied() {
        Picture picture = picture(USR, 7);
        assertThat(node(picture.tree(), "/usr").chips()).extracting(Chip::right).doesNotContain("read_dir", "make_reg");
        assertThat(picture.allowedEverywhere()).contains(new Picture.Unrestricted("handledAccessFs", "read_dir", "not handled"),
                new Picture.Unrestricted("scoped", "abstract_unix_socket", "not handled"));
        assertThat(picture.allowedEverywhere()).extracting(Picture.Unrestricted::right)
                .as("refer is denied by default, handled or not").doesNotContain("refer")
                .as("ABI 7 has no UDP rights").doesNotContain("bind_udp");
    }

    @Test
    void atAnOlderAbiWhatItLacksIsAllowedEverywhereAndSaysWhy() {
        Picture picture = picture(USR, 3);
        assertThat(picture.network().handled()).isEmpty();
        assertThat(picture.network().ports()).isEmpty();
        assertThat(picture.scoped()).isEmpty();
        assertThat(picture.allowedEverywhere()).contains(new Picture.Unrestricted("handledAccessNet", "connect_tcp", "needs ABI 4 (Linux 6.7)"),
                new Picture.Unrestricted("scoped", "signal", "needs ABI 6 (Linux 6.12)"));
        assertThat(chip(node(picture.tree(), "/usr/lib"), "read_file").state()).isEqualTo(Chip.State.INHERITED);
    }

    @Test
    void portsAndScopes() {
        Picture picture = picture(USR, 7);
        assertThat(picture.network().handled()).containsExactly("bind_tcp", "connect_tcp");
        assertThat(picture.network().ports()).containsExactly(new Picture.Port(443, List.of(Chip.denied("bind_tcp"),
                new Chip("connect_tcp", Chip.State.GRANTED, "port 443", List.of("/netPort/0")))));
        assertThat(picture.scoped()).containsExactly("signal");
    }

    @Test
    void aPolicyNotEnforcedAtAnAbiHasNoChipsAndAHardRequirementHasNoPicture() {
        String soft = "{'name':'p','abi':7,'compatibility':'soft_requirement','handledAccessFs':['read_file','ioctl_dev'],"
                + "'pathBeneath':[{'paths':['/usr'],'allowedAccess':['read_file']}]}";
        Picture notEnforced = picture(soft, 4);
        assertThat(notEnforced.enforced()).isFalse();
        assertThat(node(notEnforced.tree(), "/usr").chips()).isEmpty();
        assertThat(notEnforced.allowedEverywhere()).contains(
                new Picture.Unrestricted("handledAccessFs", "read_file", "the policy is not enforced at ABI 4"));
        assertThat(Picture.of(Policies.resolve(soft.replace("soft_requirement", "hard_requirement")), 4)).isEmpty();
    }

    @Test
    void rulesOnOnePathAreAllNamedAndTheSerializedFormIsStable() {
        Picture picture = picture("{'name':'p','abi':7,'handledAccessFs':['read_file','write_file'],'pathBeneath':["
                + "{'paths':['/srv'],'allowedAccess':['read_file']},{'paths':['/srv','/tmp'],'allowedAccess':['read_file','write_file']}]}", 7);
        Picture.Node srv = node(picture.tree(), "/srv");
        assertThat(srv.rules()).containsExactly("/pathBeneath/0", "/pathBeneath/1");
        assertThat(chip(srv, "read_file").rules()).containsExactly("/pathBeneath/0", "/pathBeneath/1");
        assertThat(chip(srv, "write_file").rules()).containsExactly("/pathBeneath/1");
        String json = Json.write(picture);
        assertThat(json.replace(" ", "")).contains("\"state\":\"granted\"", "\"state\":\"denied\"").doesNotContain("\"from\":null");
    }

    @Test
    void aPolicyTooLargeToDrawIsAProblemAtItsRules() {
        String deep = "/a".repeat(Picture.MAX_NODES);
        assertThatThrownBy(() -> picture("{'name':'p','abi':7,'pathBeneath':[{'paths':['" + deep + "'],'allowedAccess':['read_file']}]}", 7))
                .isInstanceOf(InvalidDocumentException.class)
                .satisfies(e -> assertThat(((InvalidDocumentException) e).problems().get(0).pointer()).isEqualTo("/pathBeneath"));
    }
}
