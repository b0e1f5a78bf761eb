package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FoldedDiffTest {

    private static String lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    }

    @Test
    void unchangedRunsFoldAroundThreeLinesOfContext() {
        String before = lines(0, 100);
        String after = before.replace("line 50", "line fifty");
        List<FoldedDiff.Part> parts = FoldedDiff.of(LineDiff.of(before, after));
        assertThat(parts).extracting(FoldedDiff.Part::folded).containsExactly(true, false, true);
        assertThat(parts.get(0).rows()).hasSize(47);
        assertThat(parts.get(1).rows()).extracting(LineDiff.Row::left)
                .containsExactly("line 47", "line 48", "line 49", "line 50", "line 51", "line 52", "line 53");
        assertThat(parts.get(2).rows()).hasSize(46);
    }

    @Test
    void changesCloseTogetherShareTheirContextAndAOneLineGapIsShown() {
        String before = lines(0, 12);
        String after = before.replace("line 2", "two").replace("line 9", "nine");
        List<FoldedDiff.Part> parts = FoldedDiff.of(LineDiff.of(before, after));
        assertThat(parts).singleElement().satisfies(part -> {
            assertThat(part.folded()).isFalse();
            assertThat(part.rows()).hasSize(12);
        });
    }

    @Test
    void noChangeIsOneFold() {
        assertThat(FoldedDiff.of(LineDiff.of(lines(0, 20), lines(0, 20)))).singleElement()
                .satisfies(part -> assertThat(part.folded()).isTrue());
    }
}
