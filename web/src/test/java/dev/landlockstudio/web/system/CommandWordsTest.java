package dev.landlockstudio.web.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command field of the try-it and learn pages is split as a shell would, without expansions. */
class CommandWordsTest {

    @Test
    void quotesAndBackslashesKeepSpacesInAWord() {
        assertThat(CommandWords.split("  cat /etc/hostname ")).containsExactly("cat", "/etc/hostname");
        assertThat(CommandWords.split("sh -c 'echo $HOME; ls \"a b\"'")).containsExactly("sh", "-c", "echo $HOME; ls \"a b\"");
        assertThat(CommandWords.split("ls \"my dir\" my\\ file ''")).containsExactly("ls", "my dir", "my file", "");
        assertThat(CommandWords.split("")).isEmpty();
        assertThatThrownBy(() -> CommandWords.split("ls 'open")).hasMessageContaining("not closed");
    }
}
