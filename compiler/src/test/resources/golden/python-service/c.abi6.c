/*
 * Landlock sandbox for policy "python-service", compiled by Landlock Studio for Landlock ABI 6 (best_effort).
 *
 * Build: cc -O2 -Wall -o sandbox this-file.c
 * Run:   ./sandbox COMMAND [ARGS...]
 *
 * Applies the ruleset to itself, then executes COMMAND, which inherits it. On a kernel older than
 * ABI 6 the compatibility level decides: best_effort enforces what the kernel knows, soft_requirement
 * runs COMMAND unconfined, hard_requirement refuses. Exit status: COMMAND's own, or 125 when the
 * sandbox could not be set up, 126 when COMMAND could not be executed, 127 when it was not found.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Defined here rather than taken from <linux/landlock.h>, so the program builds against old headers. */
#define SYS_LANDLOCK_CREATE_RULESET 444
#define SYS_LANDLOCK_ADD_RULE 445
#define SYS_LANDLOCK_RESTRICT_SELF 446
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH 1
#define LANDLOCK_RULE_NET_PORT 2
#define LANDLOCK_ADD_RULE_QUIET (1U << 0)
#define ACCESS_FS_REFER 0x2000ULL
/* The fs rights a rule on a non-directory may carry; the kernel refuses the others with EINVAL. */
#define ACCESS_FILE 0x1c007ULL
#define RESTRICT_SELF_NO_NEW_PRIVS 0x10U
#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#endif
#ifndef O_PATH
#define O_PATH 010000000
#endif

struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
	uint64_t quiet_access_fs;
	uint64_t quiet_access_net;
	uint64_t quiet_scoped;
};

struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/* What each ABI version knows, indexed by version (0: no Landlock). */
struct abi_version {
	uint64_t fs, net, scoped, restrict_flags;
	size_t attr_size;
	int quiet;
};
static const struct abi_version abi_versions[] = {
	{ 0, 0, 0, 0, 0, 0 },
	{ 0x1fffULL, 0x0ULL, 0x0ULL, 0x0ULL, 8, 0 }, /* ABI 1, Linux 5.13 */
	{ 0x3fffULL, 0x0ULL, 0x0ULL, 0x0ULL, 8, 0 }, /* ABI 2, Linux 5.19 */
	{ 0x7fffULL, 0x0ULL, 0x0ULL, 0x0ULL, 8, 0 }, /* ABI 3, Linux 6.2 */
	{ 0x7fffULL, 0x3ULL, 0x0ULL, 0x0ULL, 16, 0 }, /* ABI 4, Linux 6.7 */
	{ 0xffffULL, 0x3ULL, 0x0ULL, 0x0ULL, 16, 0 }, /* ABI 5, Linux 6.10 */
	{ 0xffffULL, 0x3ULL, 0x3ULL, 0x0ULL, 24, 0 }, /* ABI 6, Linux 6.12 */
	{ 0xffffULL, 0x3ULL, 0x3ULL, 0x7ULL, 24, 0 }, /* ABI 7, Linux 6.15 */
	{ 0xffffULL, 0x3ULL, 0x3ULL, 0xfULL, 24, 0 }, /* ABI 8, Linux 7.0 */
	{ 0x1ffffULL, 0x3ULL, 0x3ULL, 0xfULL, 24, 0 }, /* ABI 9, Linux 7.1 */
	{ 0x1ffffULL, 0xfULL, 0x3ULL, 0xfULL, 48, 1 }, /* ABI 10, Linux 7.2 */
	{ 0x1ffffULL, 0xfULL, 0x3ULL, 0x1fULL, 48, 1 }, /* ABI 11, Linux 7.3 */
};

enum compatibility { BEST_EFFORT, SOFT_REQUIREMENT, HARD_REQUIREMENT };

struct path_rule {
	const char *path;
	uint64_t allowed_access;
	int skip_if_missing;
	int quiet;
};

struct port_rule {
	uint64_t port;
	uint64_t allowed_access;
	int quiet;
};

static const int compiled_abi = 6;
static const int enforced = 1;
static const enum compatibility compatibility = BEST_EFFORT;
static const struct ruleset_attr compiled_attr = {
	.handled_access_fs = 0xffffULL,
	.handled_access_net = 0x3ULL,
	.scoped = 0x3ULL,
	.quiet_access_fs = 0x0ULL,
	.quiet_access_net = 0x0ULL,
	.quiet_scoped = 0x0ULL,
};
static const uint32_t compiled_restrict_flags = 0x0U;

/* Each array ends with an unused entry so that none is empty. */
static const size_t path_rule_count = 8;
static const struct path_rule path_rules[] = {
	{ "/usr", 0xdULL, 0, 0 },
	{ "/opt/app", 0xdULL, 0, 0 },
	{ "/etc/ssl", 0x4ULL, 0, 0 },
	{ "/etc/hosts", 0x4ULL, 0, 0 },
	{ "/etc/resolv.conf", 0x4ULL, 0, 0 },
	{ "/etc/nsswitch.conf", 0x4ULL, 0, 0 },
	{ "/var/lib/app", 0xfffeULL, 0, 0 },
	{ "/tmp", 0xfffeULL, 0, 0 },

	{ NULL, 0, 0, 0 },
};
static const size_t port_rule_count = 3;
static const struct port_rule port_rules[] = {
	{ 8000, 0x1ULL, 0 },
	{ 5432, 0x2ULL, 0 },
	{ 443, 0x2ULL, 0 },

	{ 0, 0, 0 },
};

static void run(char **argv)
{
	execvp(argv[0], argv);
	fprintf(stderr, "sandbox: cannot execute %s: %s\n", argv[0], strerror(errno));
	exit(errno == ENOENT ? 127 : 126);
}

static void run_unconfined(char **argv, const char *why)
{
	fprintf(stderr, "sandbox: warning: %s; running %s without Landlock\n", why, argv[0]);
	run(argv);
}

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "sandbox: %s%s%s: %s\n", what, detail ? " " : "", detail ? detail : "", strerror(errno));
	exit(125);
}

static size_t attr_size_for(const struct ruleset_attr *attr)
{
	if (attr->quiet_access_fs || attr->quiet_access_net || attr->quiet_scoped)
		return offsetof(struct ruleset_attr, quiet_scoped) + sizeof(uint64_t);
	if (attr->scoped)
		return offsetof(struct ruleset_attr, scoped) + sizeof(uint64_t);
	if (attr->handled_access_net)
		return offsetof(struct ruleset_attr, handled_access_net) + sizeof(uint64_t);
	return sizeof(uint64_t);
}

int main(int argc, char **argv)
{
	struct ruleset_attr attr = compiled_attr;
	uint32_t restrict_flags = compiled_restrict_flags;
	const struct abi_version *known;
	int abi, ruleset_fd, lost;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARGS...]\n", argv[0]);
		return 125;
	}
	if (!enforced)
		run_unconfined(argv + 1, "the policy enforces nothing at this ABI");

	abi = (int)syscall(SYS_LANDLOCK_CREATE_RULESET, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		const char *why = errno == EOPNOTSUPP ? "Landlock is disabled at boot" : "this kernel has no Landlock";
		if (compatibility == HARD_REQUIREMENT) {
			fprintf(stderr, "sandbox: %s (%s) and the policy is a hard requirement\n", why, strerror(errno));
			return 125;
		}
		run_unconfined(argv + 1, why);
	}
	if (abi > compiled_abi)
		abi = compiled_abi;
	known = &abi_versions[abi];

	lost = (attr.handled_access_fs & ~known->fs) || (attr.handled_access_net & ~known->net)
		|| (attr.scoped & ~known->scoped) || (restrict_flags & ~known->restrict_flags)
		|| (!known->quiet && (attr.quiet_access_fs || attr.quiet_access_net || attr.quiet_scoped));
	for (i = 0; i < path_rule_count && !known->quiet; i++)
		lost = lost || path_rules[i].quiet;
	for (i = 0; i < port_rule_count && !known->quiet; i++)
		lost = lost || port_rules[i].quiet;
	if (lost) {
		if (compatibility == HARD_REQUIREMENT) {
			fprintf(stderr, "sandbox: the kernel's Landlock ABI %d cannot express this ABI %d policy,"
				" which is a hard requirement\n", abi, compiled_abi);
			return 125;
		}
		if (compatibility == SOFT_REQUIREMENT)
			run_unconfined(argv + 1, "the kernel's Landlock ABI cannot express the whole policy");
		fprintf(stderr, "sandbox: warning: the kernel's Landlock ABI %d is older than %d;"
			" enforcing what it knows\n", abi, compiled_abi);
		if ((attr.handled_access_fs & ACCESS_FS_REFER) && !(known->fs & ACCESS_FS_REFER))
			fprintf(stderr, "sandbox: warning: renames and links across directories are always denied"
				" at Landlock ABI 1\n");
	}
	attr.handled_access_fs &= known->fs;
	attr.handled_access_net &= known->net;
	attr.scoped &= known->scoped;
	attr.quiet_access_fs &= known->quiet ? attr.handled_access_fs : 0;
	attr.quiet_access_net &= known->quiet ? attr.handled_access_net : 0;
	attr.quiet_scoped &= known->quiet ? attr.scoped : 0;
	restrict_flags &= known->restrict_flags;
	if (!attr.handled_access_fs && !attr.handled_access_net && !attr.scoped) {
		if (compatibility == HARD_REQUIREMENT) {
			fprintf(stderr, "sandbox: nothing of this policy can be enforced at ABI %d\n", abi);
			return 125;
		}
		run_unconfined(argv + 1, "nothing of this policy can be enforced on this kernel");
	}

	ruleset_fd = (int)syscall(SYS_LANDLOCK_CREATE_RULESET, &attr, attr_size_for(&attr), 0);
	if (ruleset_fd < 0)
		fail("landlock_create_ruleset", NULL);

	for (i = 0; i < path_rule_count; i++) {
		const struct path_rule *rule = &path_rules[i];
		struct path_beneath_attr path_beneath;
		struct stat st;
		int quiet = rule->quiet && known->quiet;

		path_beneath.parent_fd = open(rule->path, O_PATH | O_CLOEXEC);
		if (path_beneath.parent_fd < 0) {
			if (errno == ENOENT && rule->skip_if_missing)
				continue;
			fail("cannot open", rule->path);
		}
		if (fstat(path_beneath.parent_fd, &st))
			fail("cannot stat", rule->path);
		path_beneath.allowed_access = rule->allowed_access & attr.handled_access_fs;
		if (!S_ISDIR(st.st_mode))
			path_beneath.allowed_access &= ACCESS_FILE;
		if (path_beneath.allowed_access || quiet) {
			if (syscall(SYS_LANDLOCK_ADD_RULE, ruleset_fd, LANDLOCK_RULE_PATH_BENEATH, &path_beneath,
				    quiet ? LANDLOCK_ADD_RULE_QUIET : 0))
				fail("landlock_add_rule on", rule->path);
		}
		close(path_beneath.parent_fd);
	}

	for (i = 0; i < port_rule_count; i++) {
		const struct port_rule *rule = &port_rules[i];
		struct net_port_attr net_port = {
			.allowed_access = rule->allowed_access & attr.handled_access_net,
			.port = rule->port,
		};
		int quiet = rule->quiet && known->quiet;

		if (!net_port.allowed_access && !quiet)
			continue;
		if (syscall(SYS_LANDLOCK_ADD_RULE, ruleset_fd, LANDLOCK_RULE_NET_PORT, &net_port,
			    quiet ? LANDLOCK_ADD_RULE_QUIET : 0))
			fail("landlock_add_rule on a port", NULL);
	}

	/* With the no_new_privs flag (ABI 11) the kernel sets it itself, and only if the restriction succeeds. */
	if (!(restrict_flags & RESTRICT_SELF_NO_NEW_PRIVS) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fail("prctl(PR_SET_NO_NEW_PRIVS)", NULL);
	if (syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset_fd, restrict_flags))
		fail("landlock_restrict_self", NULL);
	close(ruleset_fd);
	run(argv + 1);
	return 126;
}
