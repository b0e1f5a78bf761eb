/*
 * The kernel differential's sandbox: linked with kernel-probes.c in place of a policy's c program, it applies the
 * ruleset in /ruleset of the probe's tree (kernel-probes.c has entered it) and runs the probe in the restricted
 * process. The file holds the kernel's numbers, as the native target lowers them (rules on files already masked to
 * file rights):
 *
 *   attr HANDLED_FS HANDLED_NET SCOPED ATTR_SIZE RESTRICT_FLAGS     (hexadecimal, but ATTR_SIZE)
 *   path ALLOWED PATH
 *   port ALLOWED PORT
 *
 * kernel-probes.c has given up CAP_SYS_ADMIN, so landlock_restrict_self needs no_new_privs: from the prctl, or, when
 * the flags hold LANDLOCK_RESTRICT_SELF_NO_NEW_PRIVS (ABI 11), from the flag alone, which is then checked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CREATE_RULESET 444
#define ADD_RULE 445
#define RESTRICT_SELF 446
#define RULE_PATH_BENEATH 1
#define RULE_NET_PORT 2
#define RESTRICT_SELF_NO_NEW_PRIVS (1U << 4)

int landlock_studio_probe_exec(const char *file, char *const argv[]);

struct ruleset_attr {
	uint64_t handled_access_fs, handled_access_net, scoped;
};

struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct net_port_attr {
	uint64_t allowed_access, port;
};

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "%s%s%s: %s\n", what, detail ? " " : "", detail ? detail : "", strerror(errno));
	exit(126);
}

int landlock_studio_sandbox_main(int argc, char **argv)
{
	struct ruleset_attr attr;
	unsigned long long fs, net, scoped, flags, allowed;
	unsigned size;
	char kind[8], path[4096];
	int ruleset, port;
	FILE *in = fopen("/ruleset", "r");

	(void)argc;
	if (!in || fscanf(in, "attr %llx %llx %llx %u %llx", &fs, &net, &scoped, &size, &flags) != 5)
		fail("cannot read", "/ruleset");
	attr = (struct ruleset_attr){ fs, net, scoped };
	ruleset = syscall(CREATE_RULESET, &attr, (size_t)size, 0);
	if (ruleset < 0)
		fail("landlock_create_ruleset", NULL);
	while (fscanf(in, "%7s %llx", kind, &allowed) == 2) {
		if (!strcmp(kind, "path") && fscanf(in, " %4095[^\n]", path) == 1) {
			struct path_beneath_attr rule = { allowed, open(path, O_PATH | O_CLOEXEC) };

			if (rule.parent_fd < 0)
				fail("cannot open", path);
			if (syscall(ADD_RULE, ruleset, RULE_PATH_BENEATH, &rule, 0))
				fail("landlock_add_rule on", path);
			close(rule.parent_fd);
		} else if (!strcmp(kind, "port") && fscanf(in, " %d", &port) == 1) {
			struct net_port_attr rule = { allowed, (uint64_t)port };

			if (syscall(ADD_RULE, ruleset, RULE_NET_PORT, &rule, 0))
				fail("landlock_add_rule on a port", NULL);
		} else {
			errno = EINVAL;
			fail("unreadable rule in", "/ruleset");
		}
	}
	fclose(in);
	if (!(flags & RESTRICT_SELF_NO_NEW_PRIVS) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		fail("prctl(PR_SET_NO_NEW_PRIVS)", NULL);
	if (syscall(RESTRICT_SELF, ruleset, (unsigned)flags))
		fail("landlock_restrict_self", NULL);
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		errno = 0;
		fail("no_new_privs is not set after landlock_restrict_self", NULL);
	}
	close(ruleset);
	return landlock_studio_probe_exec("probe", argv);
}
