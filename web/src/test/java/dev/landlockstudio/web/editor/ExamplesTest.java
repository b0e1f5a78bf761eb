package dev.landlockstudio.web.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Every example has a card: its purpose (the document's description) and what it shows (examples/shows.properties). */
class ExamplesTest {

    @Test
    void everyExampleSaysWhatItIsForAndWhatItShows() throws IOException {
        Examples examples = new Examples();
        assertThat(examples.cards()).extracting(Examples.Card::name).containsExactlyElementsOf(examples.all().keySet());
        assertThat(examples.cards()).isNotEmpty().allSatisfy(card -> {
            assertThat(card.description()).as(card.name()).isNotBlank();
            assertThat(card.shows()).as(card.name()).isNotBlank();
            assertThat(card.abi()).as(card.name()).isBetween(1, 11);
        });
    }
}
