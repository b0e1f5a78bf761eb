package dev.landlockstudio.enforcer.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.enforcer.EnforcerTestSupport;
import dev.landlockstudio.enforcer.command.UnixUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive the kernel unpacks is one Debian's cpio reads back entry by entry, names, modes, devices and data. */
class InitramfsTest {

    @Test
    void debiansCpioReadsBackEveryEntry(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/cpio")), "cpio is not installed (apt-get install cpio)");
        Path archive = dir.resolve("initramfs.cpio");
        // Lengths 0 to 5 cross every padding case of names and data.
        new Initramfs().directory("bin").directory("dev")
                .characterDevice("dev/console", 5, 1)
                .file("bin/tool", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8))
                .file("e", 0644, new byte[0])
                .file("bin/abcde", 0600, "12345".getBytes(StandardCharsets.UTF_8))
                .write(archive);
        assertThat(Files.size(archive) % 4).isZero();

        String listing = HostTools.run(List.of("cpio", "-itv", "-F", archive.toString()), dir);
        assertThat(listing.lines().toList()).hasSize(6);
        assertThat(listing).containsPattern("(?m)^drwxr-xr-x .* root +root .* bin$")
                .containsPattern("(?m)^crw------- .* 5, +1 .* dev/console$")
                .containsPattern("(?m)^-rwxr-xr-x .* 18 .* bin/tool$")
                .containsPattern("(?m)^-rw------- .* 5 .* bin/abcde$");

        Path out = Files.createDirectory(dir.resolve("out"));
        HostTools.run(List.of("cpio", "-id", "--no-absolute-filenames", "-F", archive.toString(), "bin/*", "e"), out);
        assertThat(Files.readString(out.resolve("bin/tool"))).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(Files.readString(out.resolve("bin/abcde"))).isEqualTo("12345");
        assertThat(Files.size(out.resolve("e"))).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/tool")))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aTreeOnDiskGoesInWithItsModesAndDevices(@TempDir Path dir) throws Exception {
        EnforcerTestSupport.require(Files.isExecutable(Path.of("/usr/bin/cpio")), "cpio is not installed (apt-get install cpio)");
        EnforcerTestSupport.require(UnixUser.current().uid() == 0, "making a device node needs root");
        Path tree = Files.createDirectories(dir.resolve("tree/etc/nginx"));
        Files.writeString(tree.resolve("probe"), "scratch");
        Files.setPosixFilePermissions(tree.resolve("probe"), PosixFilePermissions.fromString("rwxr-x---"));
        HostTools.run(List.of("mknod", dir.resolve("tree/null").toString(), "c", "1", "3"), dir);
        Path archive = dir.resolve("initramfs.cpio");
        new Initramfs().directory("trees").tree("trees/0", dir.resolve("tree")).write(archive);

        String listing = HostTools.run(List.of("cpio", "-itv", "-F", archive.toString()), dir);
        assertThat(listing.lines().toList()).hasSize(6);
        assertThat(listing).containsPattern("(?m)^drwxr-xr-x .* trees/0$")
                .containsPattern("(?m)^drwxr-xr-x .* trees/0/etc/nginx$")
                .containsPattern("(?m)^-rwxr-x--- .* 7 .* trees/0/etc/nginx/probe$")
                .containsPattern("(?m)^crw------- .* 1, +3 .* trees/0/null$");
    }

    @Test
    void aDynamicallyLinkedProgramIsToldFromAStaticOne() throws Exception {
        assertThat(AbiProbeImage.hasInterpreter(Files.readAllBytes(Path.of("/bin/ls")))).isTrue();
        EnforcerTestSupport.require(Files.isRegularFile(AbiProbeImage.BUSYBOX), "busybox-static is not installed");
        assertThat(AbiProbeImage.hasInterpreter(Files.readAllBytes(AbiProbeImage.BUSYBOX))).isFalse();
    }
}
