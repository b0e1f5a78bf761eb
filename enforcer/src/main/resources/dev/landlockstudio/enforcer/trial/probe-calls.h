/* One probe, and the system call it names (probe-calls.c). */
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

struct probe {
	const char *number, *op, *path, *dest;
	int port;
	/* The scope probes' peers, outside any sandbox. */
	pid_t signalled;
	const char *abstract_name;
};

/* The access's system call: 0 when allowed, else its errno; -1 for an access this program does not know. */
int attempt(const struct probe *p);

/* 127.0.0.1:port. */
struct sockaddr_in loopback(int port);

/* sockaddr_un for a path, or for an abstract name (sun_path starting with a NUL byte): its length, 0 if too long. */
socklen_t unix_address(struct sockaddr_un *address, const char *name, int abstract);
