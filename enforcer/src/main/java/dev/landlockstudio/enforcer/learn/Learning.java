package dev.landlockstudio.enforcer.learn;

import dev.landlockstudio.compiler.abi.AbiTable;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.learn.Failed;
import dev.landlockstudio.compiler.learn.Proposal;
import dev.landlockstudio.compiler.learn.Recording;
import dev.landlockstudio.compiler.learn.RuleEvidence;
import dev.landlockstudio.compiler.policy.PolicyReader;
import dev.landlockstudio.enforcer.audit.AuditSwitch;
import dev.landlockstudio.enforcer.command.UnixUser;
import dev.landlockstudio.enforcer.host.HostInspector;
import dev.landlockstudio.enforcer.syscall.SyscallException;
import dev.landlockstudio.enforcer.trial.TrialMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Learning a policy from what a command does: it runs once unconfined under strace, its accesses become a proposal
 * (or additions to an existing policy), and the proposal is refined on the kernel until a confined run ends with no
 * denial. The command line's {@code learn} and the web's Learn page both go through here.
 */
public final class Learning {

    /** The first ABI that logs denials: refinement reads them. */
    public static final int LOGGING_ABI = 7;

    /**
     * @param command    the command, its environment and its limits, as a confined command gets them
     * @param abi        the ABI the policy is written for (see {@link #abiRange})
     * @param maxRuns    confined runs at most
     * @param into       the policy to propose additions to, or null for a new one
     * @param recordings earlier strace recordings of the program to merge with this run's
     */
    public record Request(TrialMode.Command command, int abi, int maxRuns, PolicyReader.ReadPolicy into,
                          List<String> recordings) {
    }

    /** Hears a learn as it goes: the recording once read, then each confined run. */
    public interface Listener {

        void recorded(StraceRecorder.Recorded recorded, Recording recording);

        void ran(Refinement.Run run);
    }

    /**
     * A finished learn.
     *
     * @param recorded  the unconfined run, with its strace text
     * @param recording what it needed, merged with the earlier recordings given
     * @param proposal  the policy proposed from the recording, before the kernel refined it
     * @param outcome   the refined policy and its confined runs
     */
    public record Result(StraceRecorder.Recorded recorded, Recording recording, Proposal proposal, Refinement.Outcome outcome) {

        public Refinement.Run lastRun() {
            return outcome.runs().get(outcome.runs().size() - 1);
        }

        /** Whether the last confined run had no denial and ended as the unconfined one did. */
        public boolean confirmed() {
            return outcome.clean() && lastRun().result().ending().equals(recorded.result().ending());
        }

        /** The learn's end in one line: "confirmed: run 2 exit 0 with no denial, as unconfined", or why not. */
        public String summary() {
            Refinement.Run last = lastRun();
            return confirmed() ? "confirmed: run " + last.number() + " " + last.result().ending() + " with no denial, as unconfined"
                    : "not confirmed: run " + last.number() + " " + last.result().ending() + " with " + last.denialCount()
                    + (last.denialCount() == 1 ? " denial" : " denials") + (last.recordsLost()
                    ? " and records the kernel dropped" : "") + " (unconfined: " + recorded.result().ending() + ")";
        }

        /** What each rule of the final policy is there for, in document order: from the recording, then the kernel's denials. */
        public List<RuleEvidence> evidence() {
            Map<String, List<RuleEvidence>> byRule = new TreeMap<>(Learning::inDocumentOrder);
            proposal.rules().forEach(r -> byRule.computeIfAbsent(r.pointer(), p -> new ArrayList<>()).add(r));
            outcome.kernelEvidence().forEach(r -> byRule.computeIfAbsent(r.pointer(), p -> new ArrayList<>()).add(r));
            return byRule.values().stream().flatMap(List::stream).toList();
        }

        /** The calls that failed unconfined (so nothing is granted for them), counted: "openat ENOENT" → 12. */
        public Map<String, Integer> failedUnconfined() {
            Map<String, Integer> failed = new LinkedHashMap<>();
            for (Failed f : recording.failed()) {
                failed.merge(f.syscall() + " " + f.errno(), 1, Integer::sum);
            }
            return failed;
        }
    }

    /** The unconfined run left nothing to learn from: strace is missing or could not trace, or its recording is unusable. */
    public static final class CannotRecord extends Exception {
        CannotRecord(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Learning() {
    }

    /** Why this host cannot learn (no Landlock that logs, not root, an audit daemon taking the records), or null. */
    public static String unavailable() {
        HostInspector.Support landlock = HostInspector.landlock();
        if (landlock.abi() == null) {
            return "Landlock is unavailable: " + landlock.unavailable();
        }
        if (landlock.abi() < LOGGING_ABI) {
            return "Landlock logs denials from ABI " + LOGGING_ABI + " on; this kernel has ABI " + landlock.abi();
        }
        if (UnixUser.current().uid() != 0) {
            return "turning audit on and reading the kernel log need root";
        }
        int daemon = AuditSwitch.daemon();
        return daemon != 0 ? "an audit daemon (pid " + daemon + ") takes the denial records, not the kernel log; stop it,"
                + " or refine with audit on that host" : null;
    }

    /** The newest ABI a learned policy can be written for here: this kernel's, at most the newest known. */
    public static int hostAbi() {
        Integer abi = HostInspector.landlock().abi();
        return abi == null ? 0 : Math.min(abi, AbiTable.newest());
    }

    /** Why {@code abi} cannot be learned for here, or null: from {@link #LOGGING_ABI} to {@link #hostAbi()}. */
    public static String abiRange(int abi) {
        return abi >= LOGGING_ABI && abi <= hostAbi() ? null : "choose an ABI from " + LOGGING_ABI
                + " (the first that logs denials) to " + hostAbi() + " (this host's)";
    }

    /**
     * Records, proposes and refines. Run it only where {@link #unavailable()} is null.
     *
     * @throws CannotRecord the unconfined run left nothing to learn from
     * @throws dev.landlockstudio.enforcer.syscall.SyscallException the command cannot be run confined (errno ENOENT: not found)
     * @throws dev.landlockstudio.enforcer.trial.TrialRefused the proposal cannot be applied here
     */
    public static Result learn(Request request, Listener listener) throws Exception {
        TrialMode.Command mode = request.command();
        StraceRecorder.Recorded recorded;
        try {
            recorded = StraceRecorder.record(mode.command(), mode.environment(), mode.limits());
        } catch (SyscallException e) {
            throw new CannotRecord(e.getMessage() + " (learn needs Debian's strace: apt-get install strace)", e);
        } catch (IllegalStateException e) {
            throw new CannotRecord(e.getMessage(), e);
        }
        // Every command starts in /, as a confined command does.
        List<Recording> recordings = new ArrayList<>(List.of(Recording.of(recorded.strace(), "/")));
        request.recordings().forEach(text -> recordings.add(Recording.of(text, "/")));
        Recording recording = Recording.merge(recordings);
        listener.recorded(recorded, recording);

        Proposal proposal = Proposal.of(recording, name(mode.command().get(0)), description(mode.command()), request.abi());
        if (request.into() != null) {
            proposal = proposal.into(request.into());
        }
        Refinement.Outcome outcome = Refinement.refine(Json.write(proposal.policy()), request.abi(), mode,
                request.maxRuns(), listener::ran);
        return new Result(recorded, recording, proposal, outcome);
    }

    /** A policy name from the command: its file name, in the characters a name may hold. */
    private static String name(String program) {
        Path file = Path.of(program).getFileName();
        String base = (file == null ? "command" : file.toString()).replaceAll("[^A-Za-z0-9._-]", "-");
        String name = "learned-" + base;
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static String description(List<String> command) {
        String text = "Learned from: " + String.join(" ", command);
        return text.length() > 2000 ? text.substring(0, 1999) + "…" : text;
    }

    /** Pointers of rules in their document's order: /pathBeneath/2 before /pathBeneath/10. */
    private static int inDocumentOrder(String a, String b) {
        int slashA = a.lastIndexOf('/');
        int slashB = b.lastIndexOf('/');
        int lists = a.substring(0, slashA).compareTo(b.substring(0, slashB));
        if (lists != 0) {
            return lists;
        }
        String indexA = a.substring(slashA + 1);
        String indexB = b.substring(slashB + 1);
        return indexA.chars().allMatch(Character::isDigit) && indexB.chars().allMatch(Character::isDigit) && !indexA.isEmpty()
                && !indexB.isEmpty() ? Integer.compare(Integer.parseInt(indexA), Integer.parseInt(indexB)) : indexA.compareTo(indexB);
    }
}
