/* The system call of each access a probe names, as the host trial's ProbeRunner makes it. */
#define _GNU_SOURCE
#include "probe-calls.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

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

struct sockaddr_in loopback(int port)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return address;
}

socklen_t unix_address(struct sockaddr_un *address, const char *name, int abstract)
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

int attempt(const struct probe *p)
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
	/* Leaves a whiteout where the file was, as overlay filesystems do (the kernel differential's, not a trial's). */
	if (!strcmp(op, "rename_whiteout"))
		return answer(renameat2(AT_FDCWD, path, AT_FDCWD, p->dest, RENAME_WHITEOUT));
	if (!strcmp(op, "bind_tcp") || !strcmp(op, "connect_tcp") || !strcmp(op, "bind_udp")
	    || !strcmp(op, "connect_send_udp")) {
		struct sockaddr_in address = loopback(p->port);

		return on_socket(AF_INET, strstr(op, "tcp") ? SOCK_STREAM : SOCK_DGRAM, !strncmp(op, "bind", 4),
				 (struct sockaddr *)&address, sizeof address);
	}
	if (!strcmp(op, "resolve_unix") || !strcmp(op, "abstract_unix_socket")) {
		struct sockaddr_un address;
		int abstract = op[0] == 'a';
		socklen_t length = unix_address(&address, abstract ? p->abstract_name : path, abstract);

		if (length == 0)
			return ENAMETOOLONG;
		return on_socket(AF_UNIX, SOCK_STREAM, 0, (struct sockaddr *)&address, length);
	}
	if (!strcmp(op, "signal"))
		return answer(kill(p->signalled, 0));
	return -1;
}
