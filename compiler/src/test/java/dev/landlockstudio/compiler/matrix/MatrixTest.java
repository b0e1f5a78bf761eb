package dev.landlockstudio.compiler.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landlockstudio.compiler.testing.Policies;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matrix's evaluated columns: what each cell allows or denies beyond the policy as written. */
class MatrixTest {

    private static final String POLICY = "{'name':'p','abi':6,'pathBeneath':["
            + "{'paths':['/srv/a','/srv/b'],'allowedAccess':['read_file','write_file','truncate','make_reg','remove_file','refer']}],"
            + "'netPort':[{'ports':[443],'allowedAccess':['connect_tcp']}]}";

    private static Matrix.Cell cell(List<Matrix.Cell> cells, int abi, String target) {
        return cells.stream().filter(c -> c.abi() == abi && c.target().equals(target)).findFirst().orElseThrow();
    }

    @Test
    void thePolicysOwnAbiMatchesItself() {
        Matrix.Cell own = cell(Matrix.of(Policies.resolve(POLICY)), 6, "native");
        assertThat(own.status()).isEqualTo(Matrix.Status.FULL);
        assertThat(own.looser()).isEmpty();
        assertThat(own.stricter()).isEmpty();
    }

    @Test
    void droppedRightsShowAsLooser() {
        List<Matrix.Cell> cells = Matrix.of(Policies.resolve(POLICY));
        Matrix.Cell abi3 = cell(cells, 3, "native");
        assertThat(abi3.status()).isEqualTo(Matrix.Status.PARTIAL);
        assertThat(abi3.looser()).contains("connect_tcp port 1", "signal outside the domain");
        assertThat(abi3.looser()).noneMatch(p -> p.startsWith("read_file /srv/a"));
        Matrix.Cell oci6 = cell(cells, 6, "oci");
        assertThat(oci6.looser()).contains("signal outside the domain", "abstract_unix_socket outside the domain");
    }

    @Test
    void referAtAbi1ShowsAsStricter() {
        Matrix.Cell abi1 = cell(Matrix.of(Policies.resolve(POLICY)), 1, "native");
        assertThat(abi1.stricter()).containsExactly("rename /srv/a/probe to /srv/b/probe-moved");
        assertThat(Matrix.summary(Matrix.of(Policies.resolve(POLICY))))
                .anyMatch(line -> line.startsWith("native at ABI 1:") && line.contains("denies 1 probed access the policy allows"));
    }

    @Test
    void refusedAndNotEnforcedCellsAllowEverything() {
        List<Matrix.Cell> cells = Matrix.of(Policies.resolve(POLICY.replace("'abi':6", "'abi':6,'compatibility':'hard_requirement'")));
        Matrix.Cell refused = cell(cells, 3, "native");
        assertThat(refused.status()).isEqualTo(Matrix.Status.REFUSED);
        assertThat(refused.looserCount()).as("every probe the policy denies").isGreaterThan(Matrix.EXAMPLES);
        assertThat(refused.looser()).as("the first of them").hasSize(Matrix.EXAMPLES);
        assertThat(refused.itemCount()).isGreaterThanOrEqualTo(refused.items().size());
    }
}
