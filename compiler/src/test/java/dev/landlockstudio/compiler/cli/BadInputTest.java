package dev.landlockstudio.compiler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad policy gets exit 2 and one line naming the place and what to change. */
class BadInputTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"name": "p",                                                                     | /: malformed JSON: line 1
            trailing content        | {"name": "p"} {}                                                                  | /: malformed JSON
            duplicate key           | {"name": "p", "name": "q"}                                                        | /: malformed JSON: line 1, column 21: Duplicate Object property "name"
            not an object           | [1, 2]                                                                            | /: a policy is a JSON object, found array
            missing name            | {"abi": 4}                                                                        | /: missing required key "name"
            unknown top-level key   | {"name": "p", "handledAccesFs": []}                                               | /: unknown key "handledAccesFs"
            unknown rule key        | {"name": "p", "pathBeneath": [{"paths": ["/a"], "allowedAccess": ["read_file"], "recursive": true}]} | /pathBeneath/0: unknown key "recursive"
            unknown right name      | {"name": "p", "pathBeneath": [{"paths": ["/a"], "allowedAccess": ["read_fil"]}]}  | /pathBeneath/0/allowedAccess/0: "read_fil" is not a known name here (did you mean "read_file"?)
            net right in fs list    | {"name": "p", "handledAccessFs": ["bind_tcp"]}                                    | /handledAccessFs/0: "bind_tcp" is not a known name here
            fs group in net list    | {"name": "p", "handledAccessNet": ["abi.read_execute"]}                           | /handledAccessNet/0: "abi.read_execute" is not a known name here
            port above 65535        | {"name": "p", "netPort": [{"ports": [65536], "allowedAccess": ["bind_tcp"]}]}     | /netPort/0/ports/0: 65536 is out of range
            negative port           | {"name": "p", "netPort": [{"ports": [-1], "allowedAccess": ["bind_tcp"]}]}        | /netPort/0/ports/0: -1 is out of range
            port not a number       | {"name": "p", "netPort": [{"ports": ["80"], "allowedAccess": ["bind_tcp"]}]}      | /netPort/0/ports/0: expected a value of type
            right not handled       | {"name": "p", "handledAccessFs": ["read_file"], "pathBeneath": [{"paths": ["/a"], "allowedAccess": ["read_file", "write_file"]}]} | /pathBeneath/0/allowedAccess/1: write_file is allowed here but not handled: add it to handledAccessFs
            group lacks the right   | {"name": "p", "handledAccessFs": ["abi.read_write"], "pathBeneath": [{"paths": ["/a"], "allowedAccess": ["execute"]}]} | /pathBeneath/0/allowedAccess/0: execute is allowed here but not handled
            net right not handled   | {"name": "p", "handledAccessNet": ["bind_tcp"], "netPort": [{"ports": [1], "allowedAccess": ["connect_tcp"]}]} | /netPort/0/allowedAccess/0: connect_tcp is allowed here but not handled: add it to handledAccessNet
            right newer than abi    | {"name": "p", "abi": 4, "pathBeneath": [{"paths": ["/dev"], "allowedAccess": ["ioctl_dev"]}]} | /pathBeneath/0/allowedAccess/0: ioctl_dev needs ABI 5 but the policy's abi is 4
            abi out of range        | {"name": "p", "abi": 12}                                                          | /abi: 12 is out of range
            empty rule              | {"name": "p", "pathBeneath": [{"paths": ["/a"], "allowedAccess": []}]}            | /pathBeneath/0/allowedAccess: a rule must allow at least one right
            empty paths             | {"name": "p", "pathBeneath": [{"paths": [], "allowedAccess": ["read_file"]}]}     | /pathBeneath/0/paths: must not be empty
            empty ports             | {"name": "p", "netPort": [{"ports": [], "allowedAccess": ["bind_tcp"]}]}          | /netPort/0/ports: must not be empty
            relative path           | {"name": "p", "pathBeneath": [{"paths": ["usr/lib"], "allowedAccess": ["read_file"]}]} | /pathBeneath/0/paths/0: "usr/lib" is relative: paths must be absolute
            dot-dot in a path       | {"name": "p", "pathBeneath": [{"paths": ["/srv", "/srv/../etc"], "allowedAccess": ["read_file"]}]} | /pathBeneath/0/paths/1: "/srv/../etc" has a ".." component: the kernel's rules bind to real paths, so write the path itself, such as /etc
            dot in a path           | {"name": "p", "pathBeneath": [{"paths": ["/./srv"], "allowedAccess": ["read_file"]}]} | /pathBeneath/0/paths/0: "/./srv" has a "." component
            empty path component    | {"name": "p", "pathBeneath": [{"paths": ["/usr//lib"], "allowedAccess": ["read_file"]}]} | /pathBeneath/0/paths/0: "/usr//lib" has an empty component
            empty path              | {"name": "p", "pathBeneath": [{"paths": [""], "allowedAccess": ["read_file"]}]}   | /pathBeneath/0/paths/0: a path must not be empty
            restricts nothing       | {"name": "p", "handledAccessFs": [], "handledAccessNet": [], "scoped": []}        | /: the policy restricts nothing at abi 11
            nothing at its own abi  | {"name": "p", "abi": 3, "handledAccessFs": [], "scoped": ["abi.all"]}             | /: the policy restricts nothing at abi 3
            quiet before ABI 10     | {"name": "p", "abi": 9, "quietScoped": ["signal"]}                                | /quietScoped: quiet sets need ABI 10
            quiet not handled       | {"name": "p", "handledAccessNet": ["bind_tcp"], "quietAccessNet": ["connect_tcp"]} | /quietAccessNet/0: connect_tcp is quiet here but not handled
            bad compatibility       | {"name": "p", "compatibility": "strict"}                                          | /compatibility: "strict" is not a known name here
            bad name                | {"name": "my policy"}                                                             | /name: "my policy" is not allowed here: use 1 to 64 letters, digits
            name ending in newline  | {"name": "p\\n"}                                                                  | /name: "p
            abi 1e19                | {"name": "p", "abi": 1e19}                                                        | /abi: 1.0E19 is out of range
            abi 1e300               | {"name": "p", "abi": 1e300}                                                       | /abi: 1.0E300 is out of range
            abi -1e19               | {"name": "p", "abi": -1e19}                                                       | /abi: -1.0E19 is out of range
            abi beyond 64 bits      | {"name": "p", "abi": 99999999999999999999}                                        | /abi: 99999999999999999999 is out of range
            abi fractional          | {"name": "p", "abi": 2.5}                                                         | /abi: expected a value of type integer
            abi as a string         | {"name": "p", "abi": "7"}                                                         | /abi: expected a value of type integer
            port 1e19               | {"name": "p", "netPort": [{"ports": [1e19], "allowedAccess": ["bind_tcp"]}]}      | /netPort/0/ports/0: 1.0E19 is out of range
            port -1e19              | {"name": "p", "netPort": [{"ports": [-1e19], "allowedAccess": ["bind_tcp"]}]}     | /netPort/0/ports/0: -1.0E19 is out of range
            port 1e300              | {"name": "p", "netPort": [{"ports": [80, 1e300], "allowedAccess": ["bind_tcp"]}]} | /netPort/0/ports/1: 1.0E300 is out of range
            huge number elsewhere   | {"name": "p", "quietScoped": [1e19]}                                              | /quietScoped/0: 1.0E19 is out of range
            """)
    void badPolicy(String description, String policy, String expected) throws IOException {
        expectRefused(description, policy, expected);
    }

    static Stream<Arguments> tooLarge() {
        String rule = "{\"paths\": [\"/a\"], \"allowedAccess\": [\"read_file\"]}";
        String port = "{\"ports\": [1], \"allowedAccess\": [\"bind_tcp\"]}";
        return Stream.of(
                Arguments.of("path too long", "{\"name\": \"p\", \"pathBeneath\": [{\"paths\": [\"/" + "a".repeat(4095)
                        + "\"], \"allowedAccess\": [\"read_file\"]}]}", "/pathBeneath/0/paths/0: must be at most 4095 characters long"),
                Arguments.of("too many path rules", "{\"name\": \"p\", \"pathBeneath\": [" + String.join(", ", Collections.nCopies(1001, rule))
                        + "]}", "/pathBeneath: must have at most 1000 items"),
                Arguments.of("too many paths", "{\"name\": \"p\", \"pathBeneath\": [{\"paths\": [" + String.join(", ",
                        Collections.nCopies(1001, "\"/a\"")) + "], \"allowedAccess\": [\"read_file\"]}]}", "/pathBeneath/0/paths: must have at most 1000 items"),
                Arguments.of("too many port rules", "{\"name\": \"p\", \"netPort\": [" + String.join(", ", Collections.nCopies(1001, port))
                        + "]}", "/netPort: must have at most 1000 items"),
                Arguments.of("too many ports", "{\"name\": \"p\", \"netPort\": [{\"ports\": [" + String.join(", ",
                        Collections.nCopies(1001, "1")) + "], \"allowedAccess\": [\"bind_tcp\"]}]}", "/netPort/0/ports: must have at most 1000 items"),
                Arguments.of("description too long", "{\"name\": \"p\", \"description\": \"" + "\uD83D\uDE00".repeat(2001) + "\"}",
                        "/description: must be at most 2000 characters long"));
    }

    /** Sizes: a path longer than the kernel's PATH_MAX, more rules or items than a policy may hold. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tooLarge")
    void tooLargePolicy(String description, String policy, String expected) throws IOException {
        expectRefused(description, policy, expected);
    }

    private void expectRefused(String description, String policy, String expected) throws IOException {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, policy);
        for (String[] command : new String[][] {{"validate"}, {"compile", "--target", "native", "--abi", "7"}, {"matrix"}}) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = file.toString();
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).as(description + " via " + command[0]).isEqualTo(ExitCode.INVALID);
            assertThat(run.out()).as("nothing on stdout").isEmpty();
            assertThat(run.err()).as(description + " via " + command[0]).contains(expected.strip());
        }
    }
}
