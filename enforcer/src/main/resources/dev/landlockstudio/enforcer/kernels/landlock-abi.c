/* Run as a VM's first program: prints what the booted kernel says of itself and of Landlock, one line. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef LANDLOCK_CREATE_RULESET_ERRATA
#define LANDLOCK_CREATE_RULESET_ERRATA (1U << 1)
#endif

int main(void) {
    struct utsname name;
    if (uname(&name) != 0) {
        strcpy(name.release, "unknown");
    }
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 0) {
        printf("\nlandlock-studio-kernel release=%s abi=none errno=%s\n", name.release, strerrorname_np(errno));
    } else {
        /* Kernels before the errata flag reject it (EINVAL): they have none to report. */
        long errata = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_ERRATA);
        printf("\nlandlock-studio-kernel release=%s abi=%ld errata=%ld\n", name.release, abi, errata < 0 ? 0 : errata);
    }
    fflush(stdout);
    return 0;
}
