package dev.faultline.operators.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.model.TaggedLine;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SequenceReachFilterTest {
    /** Step 2 must come within 3 lines of step 1; a "not" line only matters between the two. */
    private static final String CATALOG =
            String.join(
                    "\n",
                    "version: 1",
                    "sequences:",
                    "  - id: s.two-steps",
                    "    category: build_command",
                    "    fault: user",
                    "    severity: error",
                    "    summary: two steps",
                    "    steps:",
                    "      - literal: first",
                    "        regex: 'first'",
                    "        examples: ['first']",
                    "      - literal: second",
                    "        regex: 'second'",
                    "        maxLines: 3",
                    "        examples: ['second']",
                    "    notFollowedBy:",
                    "      literal: reset",
                    "      regex: 'reset'",
                    "      examples: ['reset']",
                    "");

    private final SequenceReachFilter filter = new SequenceReachFilter(catalog());

    private static SignatureCatalog catalog() {
        return CatalogLoader.parse(CATALOG.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static TaggedLine line(String build, long seq, String... steps) {
        TaggedLine t = new TaggedLine();
        t.buildId = build;
        t.seq = seq;
        t.steps = steps.length == 0 ? null : steps;
        return t;
    }

    private TaggedLine apply(TaggedLine t) {
        filter.apply(t);
        return t;
    }

    @Test
    void aBuildStartsAtMostTheCappedNumberOfMatchesPerSequence() {
        // A log repeating a first step 100,000 times would hold as many partial matches in CEP.
        apply(line("b", 1));
        int kept = 0;
        for (long seq = 2; seq < 100_002; seq++) {
            kept += apply(line("b", seq, "s.two-steps#1")).steps == null ? 0 : 1;
        }
        assertThat(kept).isEqualTo(SequenceReachFilter.MAX_FIRST_STEPS);
        assertThat(filter.tagsDropped()).isEqualTo(100_000 - SequenceReachFilter.MAX_FIRST_STEPS);
        // the matches it keeps are the first ones: a second step far past them has nothing to end
        assertThat(apply(line("b", 100_002, "s.two-steps#2")).steps).isNull();
        // another build is not affected
        apply(line("c", 1));
        assertThat(apply(line("c", 2, "s.two-steps#1")).steps).containsExactly("s.two-steps#1");
    }

    @Test
    void theCapHoldsForABuildNotFollowedFromLineOne() {
        int kept = 0;
        for (long seq = 500; seq < 1_500; seq++) {
            kept += apply(line("late", seq, "s.two-steps#1")).steps == null ? 0 : 1;
        }
        assertThat(kept).isEqualTo(SequenceReachFilter.MAX_FIRST_STEPS);
        // nothing else is dropped for it: it cannot be proven unreachable
        assertThat(apply(line("late", 2_000, "s.two-steps#2")).steps)
                .containsExactly("s.two-steps#2");
    }

    @Test
    void keepsALaterStepOnlyWithinReachOfTheStepBeforeIt() {
        apply(line("b", 1));
        assertThat(apply(line("b", 2, "s.two-steps#2")).steps).isNull();
        assertThat(apply(line("b", 5, "s.two-steps#1")).steps).containsExactly("s.two-steps#1");
        assertThat(apply(line("b", 8, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
        assertThat(apply(line("b", 9, "s.two-steps#2")).steps).isNull();
        assertThat(filter.tagsDropped()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheFirstLaterStepAfterEachEarlierStep() {
        apply(line("b", 1));
        apply(line("b", 2, "s.two-steps#1"));
        assertThat(apply(line("b", 3, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
        assertThat(apply(line("b", 4, "s.two-steps#2")).steps).isNull();
        apply(line("b", 5, "s.two-steps#1"));
        assertThat(apply(line("b", 6, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
    }

    @Test
    void aLineWithTwoStepsIsJudgedAgainstTheLinesBeforeIt() {
        apply(line("b", 1));
        TaggedLine both = apply(line("b", 2, "s.two-steps#1", "s.two-steps#2"));
        assertThat(both.steps).containsExactly("s.two-steps#1");
        assertThat(apply(line("b", 3, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
        TaggedLine again = apply(line("b", 4, "s.two-steps#1", "s.two-steps#2"));
        assertThat(again.steps).containsExactly("s.two-steps#1");
        apply(line("c", 1));
        apply(line("c", 2, "s.two-steps#1"));
        TaggedLine completes = apply(line("c", 3, "s.two-steps#1", "s.two-steps#2"));
        assertThat(completes.steps).containsExactly("s.two-steps#1", "s.two-steps#2");
    }

    @Test
    void keepsANotLineOnlyWithinReachOfAnEarlierStep() {
        apply(line("b", 1));
        assertThat(apply(line("b", 2, "s.two-steps#not")).steps).isNull();
        apply(line("b", 10, "s.two-steps#1"));
        assertThat(apply(line("b", 11, "s.two-steps#not")).steps)
                .containsExactly("s.two-steps#not");
        assertThat(apply(line("b", 20, "s.two-steps#not")).steps).isNull();
    }

    @Test
    void removesOnlyTheUnreachableTagOfALineWithSeveral() {
        apply(line("b", 1));
        TaggedLine both = apply(line("b", 2, "s.two-steps#2", "s.two-steps#1", "other#2"));
        assertThat(both.steps).containsExactly("s.two-steps#1", "other#2");
    }

    @Test
    void keepsEverythingOfABuildNotFollowedFromLineOneOrOutOfOrder() {
        assertThat(apply(line("late", 40, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
        apply(line("b", 1));
        apply(line("b", 10, "s.two-steps#1"));
        assertThat(apply(line("b", 30, "s.two-steps#2")).steps).isNull();
        assertThat(apply(line("b", 12, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
        assertThat(filter.tagsDropped()).isEqualTo(1);
    }

    @Test
    void buildsAreTrackedSeparately() {
        apply(line("a", 1));
        apply(line("b", 1));
        apply(line("a", 2, "s.two-steps#1"));
        assertThat(apply(line("b", 3, "s.two-steps#2")).steps).isNull();
        assertThat(apply(line("a", 3, "s.two-steps#2")).steps).containsExactly("s.two-steps#2");
    }
}
