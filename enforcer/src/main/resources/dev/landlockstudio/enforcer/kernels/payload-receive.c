/*
 * Run by a saved VM's init: waits for a trial's files on the payload device (qemu's ivshmem-plain, whose memory is a
 * file the host writes once the VM has resumed), then writes them out. The device's memory starts with a header,
 * "LLSPAYLD" and the length of what follows, written last by the host; what follows is a cpio archive in the "newc"
 * format (directories, regular files and character devices), unpacked into the current directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define VENDOR_REDHAT 0x1af4
#define DEVICE_IVSHMEM 0x1110
#define HEADER 16

static unsigned hex_file(const char *path) {
    unsigned value = 0;
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        if (fscanf(f, "%x", &value) != 1) {
            value = 0;
        }
        fclose(f);
    }
    return value;
}

/* The ivshmem device's shared memory (its BAR 2) as sysfs offers it, or "" when there is none. */
static void find_device(char *resource, size_t size) {
    resource[0] = '\0';
    DIR *dir = opendir("/sys/bus/pci/devices");
    struct dirent *entry;
    char path[512];
    while (dir != NULL && (entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/vendor", entry->d_name);
        unsigned vendor = hex_file(path);
        snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/device", entry->d_name);
        if (vendor == VENDOR_REDHAT && hex_file(path) == DEVICE_IVSHMEM) {
            snprintf(resource, size, "/sys/bus/pci/devices/%s/resource2", entry->d_name);
        }
    }
    if (dir != NULL) {
        closedir(dir);
    }
}

static int fail(const char *what, const char *name) {
    printf("landlock-studio-receive: %s %s: %s\n", what, name, strerror(errno));
    return 1;
}

static unsigned long field(const unsigned char *header, int index) {
    char text[9];
    memcpy(text, header + 6 + 8 * index, 8);
    text[8] = '\0';
    return strtoul(text, NULL, 16);
}

static int unpack(const unsigned char *archive, unsigned long long length) {
    const unsigned char *at = archive, *end = archive + length;
    umask(0);
    while (end - at >= 110) {
        unsigned long mode = field(at, 1), size = field(at, 6), major = field(at, 9), minor = field(at, 10);
        unsigned long name_size = field(at, 11);
        const char *name = (const char *) at + 110;
        const unsigned char *data = at + ((110 + name_size + 3) & ~3UL);
        if (name_size == 0 || data + size > end || name[name_size - 1] != '\0') {
            printf("landlock-studio-receive: a damaged archive\n");
            return 1;
        }
        if (strcmp(name, "TRAILER!!!") == 0) {
            return 0;
        }
        /* Only names beneath the current directory, as the host writes them. */
        if (name[0] == '/' || strstr(name, "..") != NULL) {
            printf("landlock-studio-receive: refused name %s\n", name);
            return 1;
        }
        if (S_ISDIR(mode)) {
            if (mkdir(name, mode & 07777) != 0 && errno != EEXIST) {
                return fail("mkdir", name);
            }
        } else if (S_ISREG(mode)) {
            int out = open(name, O_WRONLY | O_CREAT | O_EXCL, mode & 07777);
            if (out < 0) {
                return fail("create", name);
            }
            for (unsigned long done = 0; done < size;) {
                ssize_t written = write(out, data + done, size - done);
                if (written <= 0) {
                    return fail("write", name);
                }
                done += (unsigned long) written;
            }
            close(out);
        } else if (S_ISCHR(mode)) {
            if (mknod(name, mode, makedev(major, minor)) != 0) {
                return fail("mknod", name);
            }
        } else {
            printf("landlock-studio-receive: %s is neither a directory, a regular file nor a character device\n", name);
            return 1;
        }
        at = data + ((size + 3) & ~3UL);
    }
    printf("landlock-studio-receive: the archive ends without its trailer\n");
    return 1;
}

int main(void) {
    char resource[512];
    find_device(resource, sizeof resource);
    if (resource[0] == '\0') {
        printf("landlock-studio-receive: no payload device\n");
        return 1;
    }
    int fd = open(resource, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        return fail("open", resource);
    }
    const unsigned char *memory = mmap(NULL, (size_t) st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (memory == MAP_FAILED) {
        return fail("mmap", resource);
    }
    /* The host saves the VM's state once it reads this line, and resumes it here for each trial. */
    printf("landlock-studio-waiting\n");
    fflush(stdout);
    struct timespec pause = {0, 5 * 1000 * 1000};
    while (memcmp(memory, "LLSPAYLD", 8) != 0) {
        nanosleep(&pause, NULL);
    }
    __sync_synchronize();
    unsigned long long length;
    memcpy(&length, memory + 8, sizeof length);
    if (length > (unsigned long long) st.st_size - HEADER) {
        printf("landlock-studio-receive: the payload says %llu bytes, more than the device holds\n", length);
        return 1;
    }
    return unpack(memory + HEADER, length);
}
