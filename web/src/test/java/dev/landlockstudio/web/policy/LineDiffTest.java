package dev.landlockstudio.web.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void changedLinesSitBetweenTheCommonOnes() {
        List<LineDiff.Row> rows = LineDiff.of("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
        assertThat(rows).extracting(LineDiff.Row::kind).containsExactly("same", "changed", "same", "same", "added", "same");
        assertThat(rows.get(1)).isEqualTo(new LineDiff.Row("b", "B", "changed"));
        assertThat(rows).filteredOn(r -> r.kind().equals("same")).extracting(LineDiff.Row::left).containsExactly("a", "c", "d", "");
    }

    @Test
    void aHugeChangeIsShownWholeWithoutMatchingItsLines() {
        String from = IntStream.range(0, 5000).mapToObj(i -> "old " + i).collect(Collectors.joining("\n", "head\n", "\ntail"));
        String to = IntStream.range(0, 5000).mapToObj(i -> "new " + i).collect(Collectors.joining("\n", "head\n", "\ntail"));
        List<LineDiff.Row> rows = LineDiff.of(from, to);
        assertThat(rows).hasSize(2 + 5_000);
        assertThat(rows.get(0).kind()).isEqualTo("same");
        assertThat(rows.get(rows.size() - 1).left()).isEqualTo("tail");
        assertThat(rows.get(1)).isEqualTo(new LineDiff.Row("old 0", "new 0", "changed"));
        assertThat(rows).filteredOn(r -> r.kind().equals("changed")).hasSize(5000);
    }

    @Test
    void aReplacementLongerThanWhatItReplacesPairsItsFirstLines() {
        List<LineDiff.Row> rows = LineDiff.of("a\nx\nz", "a\ny1\ny2\nz");
        assertThat(rows).containsExactly(new LineDiff.Row("a", "a", "same"), new LineDiff.Row("x", "y1", "changed"),
                new LineDiff.Row(null, "y2", "added"), new LineDiff.Row("z", "z", "same"));
    }
}
