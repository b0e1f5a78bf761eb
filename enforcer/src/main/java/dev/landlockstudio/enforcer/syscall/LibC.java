package dev.landlockstudio.enforcer.syscall;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The C library calls the enforcer makes; each throws {@link LastErrorException} carrying errno on failure. */
public interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    long syscall(long number, Object... args) throws LastErrorException;

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int mkdir(String path, int mode) throws LastErrorException;

    int mknod(String path, int mode, long device) throws LastErrorException;

    int symlink(String target, String path) throws LastErrorException;

    int unlink(String path) throws LastErrorException;

    int rmdir(String path) throws LastErrorException;

    int rename(String from, String to) throws LastErrorException;

    int link(String from, String to) throws LastErrorException;

    int truncate(String path, long length) throws LastErrorException;

    long read(int fd, byte[] buffer, long count) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    long write(int fd, byte[] buffer, long count) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, com.sun.jna.Pointer address, int length) throws LastErrorException;

    int connect(int fd, com.sun.jna.Pointer address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept(int fd, com.sun.jna.Pointer address, com.sun.jna.Pointer length) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int waitpid(int pid, int[] status, int options) throws LastErrorException;

    int posix_spawn_file_actions_init(com.sun.jna.Pointer actions);

    int posix_spawn_file_actions_adddup2(com.sun.jna.Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_destroy(com.sun.jna.Pointer actions);

    int posix_spawnattr_init(com.sun.jna.Pointer attr);

    int posix_spawnattr_setflags(com.sun.jna.Pointer attr, short flags);

    int posix_spawnattr_setpgroup(com.sun.jna.Pointer attr, int pgroup);

    int posix_spawnattr_setsigdefault(com.sun.jna.Pointer attr, com.sun.jna.Pointer signals);

    int posix_spawnattr_setsigmask(com.sun.jna.Pointer attr, com.sun.jna.Pointer signals);

    int posix_spawnattr_destroy(com.sun.jna.Pointer attr);

    int ioctl(int fd, long request, com.sun.jna.Pointer argument) throws LastErrorException;

    int posix_spawn(int[] pid, String path, com.sun.jna.Pointer actions, com.sun.jna.Pointer attr, String[] argv, String[] envp);

    int posix_spawnp(int[] pid, String file, com.sun.jna.Pointer actions, com.sun.jna.Pointer attr, String[] argv, String[] envp);

    int sigfillset(com.sun.jna.Pointer set);

    int sigemptyset(com.sun.jna.Pointer set);

    int mount(String source, String target, String type, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int posix_spawn_file_actions_addclosefrom_np(com.sun.jna.Pointer actions, int from);

    int posix_spawn_file_actions_addchdir_np(com.sun.jna.Pointer actions, String path);

    int unshare(int flags) throws LastErrorException;

    int poll(com.sun.jna.Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    int waitid(int idType, int id, com.sun.jna.Pointer info, int options) throws LastErrorException;

    int chroot(String path) throws LastErrorException;

    int fchdir(int fd) throws LastErrorException;

    int chdir(String path) throws LastErrorException;

    int statx(int dirFd, String path, int flags, int mask, com.sun.jna.Pointer buffer) throws LastErrorException;
}
