package dev.faultline.operators.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog shipped in the jar loads (which runs every rule's examples) and has all three kinds.
 */
class DefaultCatalogTest {
    @Test
    void defaultCatalogLoads() {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        assertThat(catalog.source()).isEqualTo("classpath:" + CatalogLoader.DEFAULT_RESOURCE);
        assertThat(catalog.count(RuleKind.MARKER)).isPositive();
        assertThat(catalog.count(RuleKind.SIGNATURE)).isPositive();
        assertThat(catalog.sequences()).isNotEmpty();
        assertThat(CatalogLoader.load(null).rules()).hasSameSizeAs(catalog.rules());
        boolean anyEnd =
                catalog.rules().stream().anyMatch(r -> r.kind == RuleKind.MARKER && r.end != null);
        assertThat(anyEnd).as("some marker ends a build").isTrue();
    }

    /**
     * A user's catalog may leave advice out; the default catalog may not: every verdict it explains
     * tells the user what to do. Docs links, where given, are https.
     */
    @Test
    void everySignatureOfTheDefaultCatalogHasAdvice() {
        SignatureCatalog catalog = CatalogLoader.loadDefault();
        List<String> without = new ArrayList<>();
        int causes = 0;
        for (LineRule r : catalog.rules()) {
            if (r.kind == RuleKind.SIGNATURE) {
                causes++;
                if (r.remedy.advice == null) {
                    without.add(r.id);
                }
            }
        }
        for (SequenceRule s : catalog.sequences()) {
            causes++;
            if (s.remedy.advice == null) {
                without.add(s.id);
            }
        }
        assertThat(causes).isGreaterThan(200);
        assertThat(without).as("signatures without advice").isEmpty();
        catalog.rules().stream()
                .filter(r -> r.remedy.docs != null)
                .forEach(r -> assertThat(r.remedy.docs).as(r.id).startsWith("https://"));
    }
}
