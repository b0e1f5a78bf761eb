package dev.landlockstudio.compiler.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.landlockstudio.compiler.abi.AccessRight;
import dev.landlockstudio.compiler.abi.RightKind;
import dev.landlockstudio.compiler.audit.Lines.Unreadable;
import dev.landlockstudio.compiler.json.Json;
import dev.landlockstudio.compiler.problem.InvalidDocumentException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Landlock's audit records read from text: kernel log lines ({@code audit: type=1423 audit(…): …}, as dmesg, /dev/kmsg
 * and the journal's kernel transport show them), audit.log lines ({@code type=UNKNOWN[1423] msg=audit(…): …} or the
 * named types), the journal's audit transport ({@code audit: LANDLOCK_ACCESS …}, {@code audit[PID]: AUDIT1424 …}, or
 * the message alone, as {@code journalctl -o cat} prints it and {@code -o verbose} and {@code -o export} its MESSAGE=)
 * and the MESSAGE of journal entries as JSON ({@code -o json}, {@code -o json-pretty}). Every line that gives neither a
 * denial nor a domain status is listed as ignored with the reason, never thrown.
 */
@JsonPropertyOrder({"denials", "domains", "ignored"})
public record AuditLog(List<Denial> denials, List<DomainStatus> domains, List<Ignored> ignored) {

    /**
     * journald's audit transport: the type's name (AUDIT_ dropped) or, where journald does not know it, AUDIT and the
     * number; then the record without its audit(…) stamp. journalctl prefixes it with the identifier {@code audit}, and
     * the record's pid when it has one; {@code -o cat} prints the message alone.
     */
    private static final Pattern JOURNAL_AUDIT = Pattern.compile("(?:^|\\s)audit(?:\\[\\d+])?: ([A-Z][A-Z0-9_]*) ");
    /** The message alone: {@code -o cat}, and the MESSAGE field of {@code -o verbose} and {@code -o export}. */
    private static final Pattern BARE_MESSAGE = Pattern.compile("^\\s*(?:MESSAGE=)?([A-Z][A-Z0-9_]*) (?=\\S+=)");
    /** The MESSAGE member of {@code -o json-pretty}, on a line of its own. */
    private static final Pattern PRETTY_MESSAGE = Pattern.compile("^\\s*\"MESSAGE\"\\s*:\\s*(\".*\")\\s*,?\\s*$");

    /** The record types Landlock logs (include/uapi/linux/audit.h), by number and by auditd's and journald's names. */
    private enum RecordType {
        ACCESS(1423, "LANDLOCK_ACCESS"), DOMAIN(1424, "LANDLOCK_DOMAIN");

        final int number;
        final String name;

        RecordType(int number, String name) {
            this.number = number;
            this.name = name;
        }

        static Optional<RecordType> of(String token) {
            String number = token.startsWith("UNKNOWN[") && token.endsWith("]") ? token.substring(8, token.length() - 1)
                    : token.startsWith("AUDIT") ? token.substring(5) : token;
            for (RecordType type : values()) {
                if (type.name.equals(token) || String.valueOf(type.number).equals(number)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public static AuditLog read(String text) {
        List<Denial> denials = new ArrayList<>();
        List<DomainStatus> domains = new ArrayList<>();
        List<Ignored> ignored = Lines.read(text, (number, line) -> readLine(number, line, denials, domains));
        return new AuditLog(List.copyOf(denials), List.copyOf(domains), List.copyOf(ignored));
    }

    private static void readLine(int number, String line, List<Denial> denials, List<DomainStatus> domains) throws Unreadable {
        // auditd's ENRICHED format appends the interpreted fields after a 0x1d.
        int enriched = line.indexOf('\u001d');
        String record = enriched < 0 ? line : line.substring(0, enriched);
        Matcher pretty = PRETTY_MESSAGE.matcher(record);
        if (record.startsWith("{") || pretty.matches()) {
            record = journalMessage(record.startsWith("{") ? record : pretty.group(1));
        }
        Matcher journal = journalRecord(record);
        String typeToken = journal != null ? journal.group(1) : auditType(record);
        RecordType type = RecordType.of(typeToken)
                .orElseThrow(() -> new Unreadable("not a Landlock record (type " + typeToken + ")"));
        Map<String, String> fields = fields(journal != null ? record.substring(journal.end()) : afterStamp(record));
        String domain = required(fields, "domain");
        if (type == RecordType.DOMAIN) {
            domains.add(new DomainStatus(number, domain, required(fields, "status"),
                    untrusted(fields.get("exe")), untrusted(fields.get("comm"))));
            return;
        }
        Map<RightKind, List<String>> blocked = new EnumMap<>(RightKind.class);
        for (String blocker : required(fields, "blockers").split(",", -1)) {
            AccessRight right = Blockers.right(blocker).orElseThrow(() -> new Unreadable("blocker '" + blocker
                    + "' is no right a policy grants (ptrace and mount changes are denied to every domain)"));
            blocked.computeIfAbsent(right.kind(), k -> new ArrayList<>()).add(right.name());
        }
        for (Map.Entry<RightKind, List<String>> entry : blocked.entrySet()) {
            List<String> rights = List.copyOf(entry.getValue());
            denials.add(switch (entry.getKey()) {
                case FS -> new Denial(number, domain, RightKind.FS, rights, absolutePath(fields), null, null);
                case NET -> new Denial(number, domain, RightKind.NET, rights, null, port(fields), null);
                default -> new Denial(number, domain, RightKind.SCOPE, rights, null, null, peer(fields));
            });
        }
    }

    /** The journal's audit transport record in {@code record}: its type (group 1), then its fields; null if none. */
    private static Matcher journalRecord(String record) {
        Matcher prefixed = JOURNAL_AUDIT.matcher(record);
        if (prefixed.find()) {
            return prefixed;
        }
        Matcher bare = BARE_MESSAGE.matcher(record);
        return bare.find() ? bare : null;
    }

    /** The type of a kernel log or audit.log record: {@code type=1423}, {@code type=UNKNOWN[1423]}, {@code type=NAME}. */
    private static String auditType(String record) throws Unreadable {
        int at = fieldStart(record, "type=");
        if (at < 0) {
            throw new Unreadable("unknown shape: no audit record type (type=…)");
        }
        return record.substring(at + 5, tokenEnd(record, at + 5));
    }

    /** What follows the record's {@code audit(…):} stamp. */
    private static String afterStamp(String record) throws Unreadable {
        int header = record.indexOf("audit(", fieldStart(record, "type="));
        if (header < 0) {
            throw new Unreadable("unknown shape: no audit(…) stamp after the type");
        }
        int headerEnd = record.indexOf("):", header);
        if (headerEnd < 0) {
            throw new Unreadable("truncated: the audit(…) stamp does not end");
        }
        return record.substring(headerEnd + 2);
    }

    /**
     * The MESSAGE of a journal entry as {@code journalctl -o json} prints it, one a line, or of {@code -o json-pretty},
     * the member alone: the record as the journal stored it, without journalctl's prefix.
     */
    private static String journalMessage(String json) throws Unreadable {
        JsonNode message;
        try {
            JsonNode node = Json.parse(json);
            message = node.isObject() ? node.get("MESSAGE") : node;
        } catch (InvalidDocumentException e) {
            throw new Unreadable("unknown shape: a line starting with { that is not a journal entry in JSON");
        }
        if (message == null || !message.isString()) {
            throw new Unreadable("a journal entry whose MESSAGE is not text (journalctl gives one that is not UTF-8 as bytes)");
        }
        return message.asString();
    }

    /** Where {@code key} starts as a field of its own (at the start or after a space), or -1. */
    private static int fieldStart(String record, String key) {
        for (int at = record.indexOf(key); at >= 0; at = record.indexOf(key, at + 1)) {
            if (at == 0 || Character.isWhitespace(record.charAt(at - 1)) || record.charAt(at - 1) == ';') {
                return at;
            }
        }
        return -1;
    }

    private static int tokenEnd(String text, int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end;
    }

    /** The record's {@code key=value} fields; a quoted value keeps its quotes, so untrusted strings can tell. */
    private static Map<String, String> fields(String body) throws Unreadable {
        Map<String, String> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length()) {
            if (Character.isWhitespace(body.charAt(i))) {
                i++;
                continue;
            }
            int equals = body.indexOf('=', i);
            int end = tokenEnd(body, i);
            if (equals < 0 || equals > end) {
                throw new Unreadable("unknown shape: '" + body.substring(i, end) + "' is not a key=value field");
            }
            String key = body.substring(i, equals);
            if (equals + 1 < body.length() && body.charAt(equals + 1) == '"') {
                int close = body.indexOf('"', equals + 2);
                if (close < 0) {
                    throw new Unreadable("truncated: the value of " + key + " has no closing quote");
                }
                end = close + 1;
            } else {
                end = tokenEnd(body, equals + 1);
            }
            fields.put(key, body.substring(equals + 1, end));
            i = end;
        }
        return fields;
    }

    private static String required(Map<String, String> fields, String key) throws Unreadable {
        String value = fields.get(key);
        if (value == null || value.isEmpty()) {
            throw new Unreadable("truncated or unknown shape: no " + key + " field");
        }
        return value;
    }

    /**
     * An untrusted string as audit logs it: quoted when it is plain, else the hex of its bytes
     * (audit_log_untrustedstring); null stays null.
     */
    private static String untrusted(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() % 2 == 0 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            byte[] bytes = new byte[value.length() / 2];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) Integer.parseInt(value.substring(2 * i, 2 * i + 2), 16);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    private static String absolutePath(Map<String, String> fields) throws Unreadable {
        String path = untrusted(required(fields, "path"));
        if (!path.startsWith("/")) {
            throw new Unreadable("the path '" + path + "' is not absolute (a pipe, socket or anonymous file takes no rule)");
        }
        return path;
    }

    /** connect and send name the destination port ({@code dest}), bind the source port ({@code src}). */
    private static int port(Map<String, String> fields) throws Unreadable {
        String port = fields.containsKey("dest") ? fields.get("dest") : required(fields, "src");
        try {
            int value = Integer.parseInt(port);
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new Unreadable("the port '" + port + "' is not a number from 0 to 65535");
    }

    /** A signal names the target process ({@code opid}, {@code ocomm}); an abstract socket its name, hex, NUL first. */
    private static String peer(Map<String, String> fields) throws Unreadable {
        if (fields.containsKey("opid")) {
            String comm = untrusted(fields.get("ocomm"));
            return "pid " + fields.get("opid") + (comm == null ? "" : " (" + comm + ")");
        }
        String name = untrusted(required(fields, "path"));
        return "@" + (name.startsWith("\0") ? name.substring(1) : name);
    }
}
