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
 * and "landlock-studio-probes done" after the last.
 * PROBES holds four NUL-terminated fields per probe: its number, the access (as a probe spec names it), the path and
 * the destination (empty when none). The trees are TREES/N/unrestricted and TREES/N/confined.
 */
#undef main
#undef execvp
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int landlock_studio_sandbox_main(int argc, char **argv);

struct probe {
	const char *number, *op, *path, *dest;
};

/* The probe the child runs, set before the policy's program starts. */
static struct probe current;

static int answer(int result)
{
	return result < 0 ? errno : 0;
}

static int opened(int fd)
{
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* An empty file: the kernel opens it for execution, where Landlock decides, then finds no format (ENOEXEC). */
static int execute(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	char *envp[] = { NULL };
	pid_t pid;
	int status, error = posix_spawn(&pid, path, NULL, NULL, argv, envp);

	if (error == 0) {
		waitpid(pid, &status, 0);
		return 0;
	}
	return error == ENOEXEC ? 0 : error;
}

/* Opened for reading (for writing when reading is denied), then asked for its terminal settings: ENOTTY is allowed. */
static int ioctl_dev(const char *path)
{
	struct termios settings;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), denied = errno, result;

	if (fd < 0 && denied == EACCES)
		fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return denied;
	result = ioctl(fd, TCGETS, &settings) < 0 && errno != ENOTTY ? errno : 0;
	close(fd);
	return result;
}

/* truncate(2) to the current length changes nothing; a missing file lets truncate report ENOENT itself. */
static int truncate_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		st.st_size = 0;
	return answer(truncate(path, st.st_size));
}

/* The access's system call: 0 when allowed, else its errno; -1 for an access this program does not know. */
static int attempt(const struct probe *p)
{
	const char *op = p->op, *path = p->path;
	dev_t null_device = makedev(1, 3);

	if (!strcmp(op, "execute"))
		return execute(path);
	if (!strcmp(op, "ioctl_dev"))
		return ioctl_dev(path);
	if (!strcmp(op, "read_file"))
		return opened(open(path, O_RDONLY | O_CLOEXEC));
	if (!strcmp(op, "write_file"))
		return opened(open(path, O_WRONLY | O_CLOEXEC));
	if (!strcmp(op, "read_dir"))
		return opened(open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (!strcmp(op, "truncate"))
		return truncate_file(path);
	if (!strcmp(op, "open_trunc"))
		return opened(open(path, O_WRONLY | O_TRUNC | O_CLOEXEC));
	if (!strcmp(op, "creat"))
		return opened(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
	if (!strcmp(op, "make_sock"))
		return answer(mknod(path, S_IFSOCK | 0600, 0));
	if (!strcmp(op, "make_char"))
		return answer(mknod(path, S_IFCHR | 0600, null_device));
	if (!strcmp(op, "make_block"))
		return answer(mknod(path, S_IFBLK | 0600, null_device));
	if (!strcmp(op, "make_reg"))
		return answer(mknod(path, S_IFREG | 0600, 0));
	if (!strcmp(op, "make_dir"))
		return answer(mkdir(path, 0700));
	if (!strcmp(op, "make_sym"))
		return answer(symlink("target", path));
	if (!strcmp(op, "make_fifo"))
		return answer(mknod(path, S_IFIFO | 0600, 0));
	if (!strcmp(op, "remove_file"))
		return answer(unlink(path));
	if (!strcmp(op, "remove_dir"))
		return answer(rmdir(path));
	if (!strcmp(op, "rename"))
		return answer(rename(path, p->dest));
	if (!strcmp(op, "link"))
		return answer(link(path, p->dest));
	return -1;
}

/* The policy's program calls this where it would execute its command: the probe, its answer on stderr, the end. */
int landlock_studio_probe_exec(const char *file, char *const argv[])
{
	(void)file;
	(void)argv;
	fprintf(stderr, "\nlandlock-studio-answer %d\n", attempt(&current));
	fflush(stderr);
	_exit(0);
}

/* Runs the probe in a child rooted in TREES/N/WHICH; what the child wrote (its stderr) goes into OUT. */
static void run_child(const char *trees, const char *which, int confined, char *out, size_t size)
{
	char root[4096];
	int channel[2], status;
	size_t length = 0;
	ssize_t n;
	pid_t pid;

	snprintf(root, sizeof root, "%s/%s/%s", trees, current.number, which);
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
		if (confined)
			_exit(landlock_studio_sandbox_main(2, sandbox_argv));
		landlock_studio_probe_exec("probe", sandbox_argv);
	}
	close(channel[1]);
	while (length + 1 < size && (n = read(channel[0], out + length, size - 1 - length)) > 0)
		length += (size_t)n;
	out[length] = '\0';
	close(channel[0]);
	waitpid(pid, &status, 0);
	if (!strstr(out, "landlock-studio-answer ")) {
		char message[512];

		snprintf(message, sizeof message, "%s", out);
		for (char *c = message; *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
		snprintf(out, size, "exit:%d:%s", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), message);
	}
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

int main(int argc, char **argv)
{
	static char list[1 << 20];
	char unrestricted[1024], confined[1024];
	const char *fields[4];
	size_t length, at = 0;
	FILE *in;

	if (argc != 3) {
		fprintf(stderr, "usage: %s PROBES TREES\n", argv[0]);
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		fprintf(stderr, "cannot read %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	length = fread(list, 1, sizeof list - 1, in);
	fclose(in);
	while (at < length) {
		for (int i = 0; i < 4; i++) {
			fields[i] = at < length ? list + at : "";
			at += strlen(list + at) + 1;
		}
		current = (struct probe){ fields[0], fields[1], fields[2], fields[3] };
		run_child(argv[2], "unrestricted", 0, unrestricted, sizeof unrestricted);
		run_child(argv[2], "confined", 1, confined, sizeof confined);
		printf("landlock-studio-probe %s unrestricted=%s confined=%s\n", current.number, result(unrestricted),
		       result(confined));
		fflush(stdout);
	}
	printf("landlock-studio-probes done\n");
	return 0;
}
