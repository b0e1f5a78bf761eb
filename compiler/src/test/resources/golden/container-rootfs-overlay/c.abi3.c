/*
 * Landlock sandbox for policy "container-rootfs-overlay", compiled by Landlock Studio for Landlock ABI 3 (best_effort).
 *
 * Build: cc -O2 -Wall -o sandbox this-file.c
 * Run:   ./sandbox COMMAND [ARGS...]
 *
 * Applies the ruleset of each layer (container-rootfs-overlay) to itself in order, then executes COMMAND, which
 * inherits them. On a kernel older than ABI 3 each layer's compatibility level decides: best_effort enforces
 * what the kernel knows, soft_requirement leaves the layer out (one layer alone: runs COMMAND unconfined),
 * hard_requirement refuses. Exit status: COMMAND's own, or 125 when the
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

struct layer {
	const char *name;
	int enforced;
	enum compatibility compatibility;
	struct ruleset_attr attr;
	uint32_t restrict_flags;
	size_t path_rule_count;
	const struct path_rule *path_rules;
	size_t port_rule_count;
	const struct port_rule *port_rules;
};

static const int compiled_abi = 3;

static const struct path_rule path_rules_0[] = {
	{ "/bin", 0xdULL, 0, 0 },
	{ "/lib", 0xdULL, 0, 0 },
	{ "/usr", 0xdULL, 0, 0 },
	{ "/etc", 0xdULL, 0, 0 },
	{ "/app", 0xdULL, 0, 0 },
	{ "/app/data", 0x7ffeULL, 0, 0 },
	{ "/tmp", 0x7ffeULL, 0, 0 },
	{ "/dev/null", 0x4006ULL, 1, 0 },
	{ "/dev/tty", 0x4006ULL, 1, 0 },
	{ NULL, 0, 0, 0 },
};
static const struct port_rule port_rules_0[] = {
	{ 0, 0, 0 },
};

/* Applied in this order, each as a ruleset of its own: an access is allowed only if every layer allows it. */
static const size_t layer_count = 1;
static const struct layer layers[] = {
	{
		.name = "container-rootfs-overlay",
		.enforced = 1,
		.compatibility = BEST_EFFORT,
		.attr = {
			.handled_access_fs = 0x7fffULL,
			.handled_access_net = 0x0ULL,
			.scoped = 0x0ULL,
			.quiet_access_fs = 0x0ULL,
			.quiet_access_net = 0x0ULL,
			.quiet_scoped = 0x0ULL,
		},
		.restrict_flags = 0x0U,
		.path_rule_count = 9,
		.path_rules = path_rules_0,
		.port_rule_count = 0,
		.port_rules = port_rules_0,
	},
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

/*
 * Applies one layer at the kernel's ABI. Returns NULL when applied, or why it was not (soft requirement, nothing
 * left to enforce); exits with 125 when it cannot be set up or a hard requirement cannot be met.
 */
static const char *apply_layer(const struct layer *layer, int abi)
{
	const struct abi_version *known = &abi_versions[abi];
	struct ruleset_attr attr = layer->attr;
	uint32_t restrict_flags = layer->restrict_flags;
	int ruleset_fd, lost;
	size_t i;

	if (!layer->enforced)
		return "the policy enforces nothing at this ABI";
	lost = (attr.handled_access_fs & ~known->fs) || (attr.handled_access_net & ~known->net)
		|| (attr.scoped & ~known->scoped) || (restrict_flags & ~known->restrict_flags)
		|| (!known->quiet && (attr.quiet_access_fs || attr.quiet_access_net || attr.quiet_scoped));
	for (i = 0; i < layer->path_rule_count && !known->quiet; i++)
		lost = lost || layer->path_rules[i].quiet;
	for (i = 0; i < layer->port_rule_count && !known->quiet; i++)
		lost = lost || layer->port_rules[i].quiet;
	if (lost) {
		if (layer->compatibility == HARD_REQUIREMENT) {
			fprintf(stderr, "sandbox: the kernel's Landlock ABI %d cannot express this ABI %d policy,"
				" which is a hard requirement\n", abi, compiled_abi);
			exit(125);
		}
		if (layer->compatibility == SOFT_REQUIREMENT)
			return "the kernel's Landlock ABI cannot express the whole policy";
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
		if (layer->compatibility == HARD_REQUIREMENT) {
			fprintf(stderr, "sandbox: nothing of this policy can be enforced at ABI %d\n", abi);
			exit(125);
		}
		return "nothing of this policy can be enforced on this kernel";
	}

	ruleset_fd = (int)syscall(SYS_LANDLOCK_CREATE_RULESET, &attr, attr_size_for(&attr), 0);
	if (ruleset_fd < 0)
		fail("landlock_create_ruleset", NULL);

	for (i = 0; i < layer->path_rule_count; i++) {
		const struct path_rule *rule = &layer->path_rules[i];
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

	for (i = 0; i < layer->port_rule_count; i++) {
		const struct port_rule *rule = &layer->port_rules[i];
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
	return NULL;
}

int main(int argc, char **argv)
{
	const char *why;
	int abi, any_enforced = 0, hard = 0;
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARGS...]\n", argv[0]);
		return 125;
	}
	for (i = 0; i < layer_count; i++) {
		any_enforced = any_enforced || layers[i].enforced;
		hard = hard || (layers[i].enforced && layers[i].compatibility == HARD_REQUIREMENT);
	}
	if (!any_enforced)
		run_unconfined(argv + 1, "the policy enforces nothing at this ABI");

	abi = (int)syscall(SYS_LANDLOCK_CREATE_RULESET, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		why = errno == EOPNOTSUPP ? "Landlock is disabled at boot" : "this kernel has no Landlock";
		if (hard) {
			fprintf(stderr, "sandbox: %s (%s) and the policy is a hard requirement\n", why, strerror(errno));
			return 125;
		}
		run_unconfined(argv + 1, why);
	}
	if (abi > compiled_abi)
		abi = compiled_abi;

	for (i = 0; i < layer_count; i++) {
		why = apply_layer(&layers[i], abi);
		if (why && layer_count == 1)
			run_unconfined(argv + 1, why);
		if (why)
			fprintf(stderr, "sandbox: warning: %s; layer %s is not applied\n", why, layers[i].name);
	}
	run(argv + 1);
	return 126;
}
