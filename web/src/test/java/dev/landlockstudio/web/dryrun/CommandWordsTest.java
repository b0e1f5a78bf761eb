package dev.landlockstudio.web.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The try-it page's command field is split as a shell would, without expansions. */
class CommandWordsTest {

    @Test
    void quotesAndBackslashesKeepSpacesInAWord() {
        assertThat(DryRunPageController.words("  cat /etc/hostname ")).containsExactly("cat", "/etc/hostname");
        assertThat(DryRunPageController.words("sh -c 'echo $HOME; ls \"a b\"'")).containsExactly("sh", "-c", "echo $HOME; ls \"a b\"");
        assertThat(DryRunPageController.words("ls \"my dir\" my\\ file ''")).containsExactly("ls", "my dir", "my file", "");
        assertThat(DryRunPageController.words("")).isEmpty();
        assertThatThrownBy(() -> DryRunPageController.words("ls 'open")).hasMessageContaining("not closed");
    }
}
