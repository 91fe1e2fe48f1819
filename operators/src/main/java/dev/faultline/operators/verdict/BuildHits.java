package dev.faultline.operators.verdict;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The signatures (single-line and sequences) that hit one decided build, each once, strongest
 * first: what a shadow test of a candidate catalog counts, since a verdict names only the strongest
 * hit and a successful build's none. Drawn from the hits the verdict was decided on, so at most
 * {@link BuildState#MAX_HITS} of them count.
 */
public class BuildHits {
    public String buildId;
    public String[] signatures;

    public BuildHits() {}

    static BuildHits of(String buildId, HitRecord[] hits) {
        Set<String> ids = new LinkedHashSet<>();
        for (HitRecord h : hits) {
            if (h.signatureId != null) {
                ids.add(h.signatureId);
            }
        }
        BuildHits b = new BuildHits();
        b.buildId = buildId;
        b.signatures = ids.toArray(new String[0]);
        return b;
    }
}
