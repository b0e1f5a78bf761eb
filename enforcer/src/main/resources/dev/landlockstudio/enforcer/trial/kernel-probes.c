/*
 * Run in a VM by its init: tries each probe of PROBES twice, as a scratch trial does, each time in a child process
 * that enters a tree of its own (chroot) laid out for that probe: first unrestricted, then under the policy's c-target
 * program, built into this same executable with its main renamed landlock_studio_sandbox_main and its final execvp
 * renamed landlock_studio_probe_exec. That program applies the ruleset as it would for any command and then, instead
 * of executing one, runs the probe in the very process the ruleset restricts: the policy need not allow executing a
 * probe binary. Prints one line per probe:
 *
 *   landlock-studio-probe N unrestricted=ERRNO confined=ERRNO       (0: allowed)
 *   landlock-studio-probe N unrestricted=ERRNO confined=exit:STATUS:MESSAGE   (the program ended before the probe)
 *
 * and "landlock-studio-probes done" after the last. Each access's system call is in probe-calls.c. PROBES holds six
 * NUL-terminated fields per probe: its number, the access (as a probe spec names it), the path, the destination, the
 * port (empty when none), and "overlay" when it is tried through an overlay as well. The trees are
 * TREES/N/unrestricted and TREES/N/confined. Network and scope probes reach peers this program opens outside the
 * sandbox, as the host trial's do: a listener on 127.0.0.1 at a connect_tcp probe's port, one at a resolve_unix
 * probe's path, a process to signal, an abstract socket server.
 *
 * The confined child gives up CAP_SYS_ADMIN before the policy's program starts, as a program run by a user does not
 * have it: landlock_restrict_self then needs no_new_privs, which the program sets with prctl, or, with the policy's
 * no_new_privs flag on a kernel of ABI 11, the kernel sets itself.
 *
 * OVERLAY says whether init loaded OverlayFS: "loaded", "none" (the image has no module: no overlay line), or why
 * loading failed. Once loaded, a probe marked "overlay" runs twice more, each time in a child rooted in the merged
 * directory of a fresh overlay mount whose lower layer is TREES/N/lower (never written: OverlayFS writes go to the
 * upper layer) and whose upper and work directories are empty, under /overlay/N/unrestricted and /overlay/N/confined
 * (a tmpfs init mounts), and prints
 *
 *   landlock-studio-overlay N unrestricted=ERRNO confined=ERRNO       (or =mount:MESSAGE when the mount failed)
 *   landlock-studio-overlay N not-tried=WHY                           (OverlayFS did not load)
 */
#define _GNU_SOURCE
#include "probe-calls.h"
#include <errno.h>
#include <linux/capability.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int landlock_studio_sandbox_main(int argc, char **argv);

/* The probe the child runs, set before the policy's program starts. */
static struct probe current;
static const char abstract_name[] = "landlock-studio-peer";

/* The policy's program calls this where it would execute its command: the probe, its answer on stderr, the end. */
int landlock_studio_probe_exec(const char *file, char *const argv[])
{
	(void)file;
	(void)argv;
	fprintf(stderr, "\nlandlock-studio-answer %d\n", attempt(&current));
	fflush(stderr);
	_exit(0);
}

/*
 * What a connect probe connects to, for the probe's time only: a TCP listener on its port (a bind probe needs the
 * port free), or a server at its path beneath ROOT; -1 for other probes, or when the port or path is taken.
 */
static int listener(const char *root)
{
	union {
		struct sockaddr_in in;
		struct sockaddr_un un;
	} address;
	socklen_t length;
	int fd, family, one = 1;
	char path[8192];

	if (!strcmp(current.op, "connect_tcp")) {
		address.in = loopback(current.port);
		length = sizeof address.in;
		family = AF_INET;
	} else if (!strcmp(current.op, "resolve_unix")) {
		snprintf(path, sizeof path, "%s%s", root, current.path);
		length = unix_address(&address.un, path, 0);
		family = AF_UNIX;
		if (length == 0)
			return -1;
	} else {
		return -1;
	}
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&address, length) < 0 || listen(fd, 16) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Drops CAP_SYS_ADMIN from the effective and permitted sets; 0, else the errno. */
static int drop_sys_admin(void)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &header, data))
		return errno;
	data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	data[CAP_TO_INDEX(CAP_SYS_ADMIN)].permitted &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	return syscall(SYS_capset, &header, data) ? errno : 0;
}

/* Runs the probe in a child rooted in ROOT; what the child wrote (its stderr) goes into OUT. */
static void run_child(const char *root, int confined, char *out, size_t size)
{
	int channel[2], status, listening;
	size_t length = 0;
	ssize_t n;
	pid_t pid;

	listening = listener(root);
	if (pipe(channel) < 0) {
		snprintf(out, size, "pipe: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		char *sandbox_argv[] = { "sandbox", "probe", NULL };

		dup2(channel[1], 2);
		close(channel[0]);
		close(channel[1]);
		if (chroot(root) < 0 || chdir("/") < 0) {
			fprintf(stderr, "cannot enter %s: %s\n", root, strerror(errno));
			_exit(125);
		}
		if (confined) {
			int error = drop_sys_admin();

			if (error) {
				fprintf(stderr, "cannot drop CAP_SYS_ADMIN: %s\n", strerror(error));
				_exit(125);
			}
			_exit(landlock_studio_sandbox_main(2, sandbox_argv));
		}
		landlock_studio_probe_exec("probe", sandbox_argv);
	}
	close(channel[1]);
	while (length + 1 < size && (n = read(channel[0], out + length, size - 1 - length)) > 0)
		length += (size_t)n;
	out[length] = '\0';
	close(channel[0]);
	waitpid(pid, &status, 0);
	if (listening >= 0)
		close(listening);
	if (!strstr(out, "landlock-studio-answer ")) {
		char message[512];

		snprintf(message, sizeof message, "%s", out);
		for (char *c = message; *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
		snprintf(out, size, "exit:%d:%s", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), message);
	}
}

/* Runs the probe in a child rooted in TREES/N/WHICH. */
static void run_in_tree(const char *trees, const char *which, int confined, char *out, size_t size)
{
	char root[4096];

	snprintf(root, sizeof root, "%s/%s/%s", trees, current.number, which);
	run_child(root, confined, out, size);
}

/* Runs the probe in a child rooted in a fresh overlay mount of TREES/N/lower at /overlay/N/WHICH/merged. */
static void run_in_overlay(const char *trees, const char *which, int confined, char *out, size_t size)
{
	static const char *const layers[] = { "upper", "work", "merged" };
	char base[4096], path[4096], options[16384];

	snprintf(base, sizeof base, "/overlay/%s", current.number);
	mkdir(base, 0755);
	snprintf(base, sizeof base, "/overlay/%s/%s", current.number, which);
	mkdir(base, 0755);
	for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", base, layers[i]);
		mkdir(path, 0755);
	}
	snprintf(path, sizeof path, "%s/merged", base);
	snprintf(options, sizeof options, "lowerdir=%s/%s/lower,upperdir=%s/upper,workdir=%s/work", trees, current.number,
		 base, base);
	if (mount("overlay", path, "overlay", 0, options) < 0) {
		snprintf(out, size, "mount:%s", strerror(errno));
		return;
	}
	run_child(path, confined, out, size);
	umount2(path, MNT_DETACH);
}

/* "ERRNO" from a child's answer, or the child's exit and message. */
static const char *result(char *out)
{
	char *answer = strstr(out, "landlock-studio-answer ");

	if (!answer)
		return out;
	answer += strlen("landlock-studio-answer ");
	answer[strcspn(answer, "\n")] = '\0';
	return answer;
}

/* Brings the loopback interface up, which gives it 127.0.0.1: a fresh VM has it down. */
static void loopback_up(void)
{
	struct ifreq request = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &request) < 0)
		perror("lo");
	request.ifr_flags |= IFF_UP;
	if (fd >= 0 && ioctl(fd, SIOCSIFFLAGS, &request) < 0)
		perror("lo up");
	if (fd >= 0)
		close(fd);
}

/* A process to signal and an abstract socket server, outside any sandbox; connections are never accepted. */
static void open_peers(void)
{
	struct sockaddr_un address;
	socklen_t length = unix_address(&address, abstract_name, 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&address, length) < 0 || listen(fd, 4096) < 0)
		perror("abstract socket peer");
	current.signalled = fork();
	if (current.signalled == 0) {
		for (;;)
			pause();
	}
}

int main(int argc, char **argv)
{
	static char list[1 << 20];
	char unrestricted[1024], confined[1024];
	const char *fields[6];
	size_t length, at = 0;
	FILE *in;

	if (argc != 4) {
		fprintf(stderr, "usage: %s PROBES TREES OVERLAY\n", argv[0]);
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		fprintf(stderr, "cannot read %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	length = fread(list, 1, sizeof list - 1, in);
	fclose(in);
	loopback_up();
	open_peers();
	while (at < length) {
		for (int i = 0; i < 6; i++) {
			fields[i] = at < length ? list + at : "";
			at += strlen(list + at) + 1;
		}
		current = (struct probe){ fields[0], fields[1], fields[2], fields[3], atoi(fields[4]), current.signalled,
					  abstract_name };
		run_in_tree(argv[2], "unrestricted", 0, unrestricted, sizeof unrestricted);
		run_in_tree(argv[2], "confined", 1, confined, sizeof confined);
		printf("landlock-studio-probe %s unrestricted=%s confined=%s\n", current.number, result(unrestricted),
		       result(confined));
		if (!strcmp(fields[5], "overlay") && !strcmp(argv[3], "loaded")) {
			run_in_overlay(argv[2], "unrestricted", 0, unrestricted, sizeof unrestricted);
			run_in_overlay(argv[2], "confined", 1, confined, sizeof confined);
			printf("landlock-studio-overlay %s unrestricted=%s confined=%s\n", current.number,
			       result(unrestricted), result(confined));
		} else if (!strcmp(fields[5], "overlay") && strcmp(argv[3], "none")) {
			printf("landlock-studio-overlay %s not-tried=%s\n", current.number, argv[3]);
		}
		fflush(stdout);
	}
	kill(current.signalled, SIGKILL);
	waitpid(current.signalled, NULL, 0);
	printf("landlock-studio-probes done\n");
	return 0;
}
