package dev.landlockstudio.enforcer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.landlockstudio.compiler.audit.AuditLog;
import dev.landlockstudio.compiler.audit.Denial;
import dev.landlockstudio.compiler.audit.DenialGroup;
import dev.landlockstudio.compiler.audit.Remedies;
import dev.landlockstudio.compiler.fs.FsView;
import dev.landlockstudio.compiler.learn.RuleEvidence;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.command.ConfinedCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rule of the refined policy each run's fix is credited to. */
class RefinementTest {

    @Test
    void aFixOnARuleOfItsOwnIsCreditedToThatRuleNotTheSharedOne() {
        String policy = ("{'name':'app','abi':7,'handledAccessFs':['read_file','write_file','truncate','make_reg'],"
                + "'handledAccessNet':['connect_tcp'],"
                + "'pathBeneath':[{'paths':['/var/log/app','/srv'],'allowedAccess':['write_file']},"
                + "{'paths':['/etc'],'allowedAccess':['write_file']}]}").replace('\'', '"');
        List<Denial> denials = AuditLog.read(String.join("\n",
                "audit: type=1423 audit(1.2:3): domain=1a blockers=fs.truncate path=\"/var/log/app/x.log\" dev=\"vda\" ino=9",
                "audit: type=1423 audit(1.2:4): domain=1a blockers=fs.read_file path=\"/etc/app.conf\" dev=\"vda\" ino=7",
                "audit: type=1423 audit(1.2:5): domain=1a blockers=fs.make_reg path=\"/tmp/app\" dev=\"vda\" ino=6",
                "audit: type=1423 audit(1.2:6): domain=1a blockers=net.connect_tcp daddr=10.0.0.1 dest=5432")).denials();
        PolicyReader.ReadPolicy read = PolicyReader.read(policy);
        String refined = Remedies.apply(read, FsView.empty(), denials, DenialGroup::fix);
        ConfinedCommand.Result exited = new ConfinedCommand.Result(0, null, false, "", "", false, "nobody");
        Refinement.Outcome outcome = new Refinement.Outcome(refined,
                List.of(new Refinement.Run(1, exited, Remedies.of(read, FsView.empty(), denials), false)), false);

        assertThat(outcome.kernelEvidence()).extracting(RuleEvidence::pointer, RuleEvidence::on).containsExactly(
                tuple("/pathBeneath/2", List.of("/var/log/app/x.log")),
                tuple("/pathBeneath/1", List.of("/etc/app.conf")),
                tuple("/pathBeneath/3", List.of("/tmp/app")),
                tuple("/netPort/0", List.of("5432")));
        assertThat(PolicyReader.read(refined).document().pathBeneath().get(2).paths()).containsExactly("/var/log/app");
    }
}
