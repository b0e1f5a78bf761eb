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
 * PROBES holds five NUL-terminated fields per probe: its number, the access (as a probe spec names it), the path, the
 * destination and the port (empty when none). The trees are TREES/N/unrestricted and TREES/N/confined. Network and
 * scope probes reach peers this program opens outside the sandbox, as the host trial's do: a listener on 127.0.0.1
 * at a connect_tcp probe's port, one at a resolve_unix probe's path, a process to signal, an abstract socket server.
 */
#undef main
#undef execvp
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int landlock_studio_sandbox_main(int argc, char **argv);

struct probe {
	const char *number, *op, *path, *dest;
	int port;
};

/* The probe the child runs, set before the policy's program starts. */
static struct probe current;
/* The scope probes' peers, outside any sandbox. */
static pid_t signalled;
static const char abstract_name[] = "landlock-studio-peer";

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

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return address;
}

/* sockaddr_un for a path, or for an abstract name (sun_path starting with a NUL byte): its length, 0 if too long. */
static socklen_t unix_address(struct sockaddr_un *address, const char *name, int abstract)
{
	size_t length = strlen(name);

	memset(address, 0, sizeof *address);
	address->sun_family = AF_UNIX;
	if (length + 1 >= sizeof address->sun_path)
		return 0;
	memcpy(address->sun_path + (abstract ? 1 : 0), name, length);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length);
}

/* bind(2) or connect(2) on a fresh socket of this family and type: 0 or the errno. */
static int on_socket(int family, int type, int bind_it, const struct sockaddr *address, socklen_t length)
{
	int fd = socket(family, type | SOCK_CLOEXEC, 0), result;

	if (fd < 0)
		return errno;
	result = answer(bind_it ? bind(fd, address, length) : connect(fd, address, length));
	close(fd);
	return result;
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
	if (!strcmp(op, "bind_tcp") || !strcmp(op, "connect_tcp") || !strcmp(op, "bind_udp")
	    || !strcmp(op, "connect_send_udp")) {
		struct sockaddr_in address = loopback(p->port);

		return on_socket(AF_INET, strstr(op, "tcp") ? SOCK_STREAM : SOCK_DGRAM, !strncmp(op, "bind", 4),
				 (struct sockaddr *)&address, sizeof address);
	}
	if (!strcmp(op, "resolve_unix") || !strcmp(op, "abstract_unix_socket")) {
		struct sockaddr_un address;
		int abstract = op[0] == 'a';
		socklen_t length = unix_address(&address, abstract ? abstract_name : path, abstract);

		if (length == 0)
			return ENAMETOOLONG;
		return on_socket(AF_UNIX, SOCK_STREAM, 0, (struct sockaddr *)&address, length);
	}
	if (!strcmp(op, "signal"))
		return answer(kill(signalled, 0));
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

/* Runs the probe in a child rooted in TREES/N/WHICH; what the child wrote (its stderr) goes into OUT. */
static void run_child(const char *trees, const char *which, int confined, char *out, size_t size)
{
	char root[4096];
	int channel[2], status, listening;
	size_t length = 0;
	ssize_t n;
	pid_t pid;

	snprintf(root, sizeof root, "%s/%s/%s", trees, current.number, which);
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
	signalled = fork();
	if (signalled == 0) {
		for (;;)
			pause();
	}
}

int main(int argc, char **argv)
{
	static char list[1 << 20];
	char unrestricted[1024], confined[1024];
	const char *fields[5];
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
	loopback_up();
	open_peers();
	while (at < length) {
		for (int i = 0; i < 5; i++) {
			fields[i] = at < length ? list + at : "";
			at += strlen(list + at) + 1;
		}
		current = (struct probe){ fields[0], fields[1], fields[2], fields[3], atoi(fields[4]) };
		run_child(argv[2], "unrestricted", 0, unrestricted, sizeof unrestricted);
		run_child(argv[2], "confined", 1, confined, sizeof confined);
		printf("landlock-studio-probe %s unrestricted=%s confined=%s\n", current.number, result(unrestricted),
		       result(confined));
		fflush(stdout);
	}
	kill(signalled, SIGKILL);
	waitpid(signalled, NULL, 0);
	printf("landlock-studio-probes done\n");
	return 0;
}
