package dev.faultline.operators.catalog;

import static org.assertj.core.api.Assertions.assertThat;

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
}
