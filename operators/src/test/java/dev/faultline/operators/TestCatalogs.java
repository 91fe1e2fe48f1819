package dev.faultline.operators;

import dev.faultline.operators.catalog.CatalogLoader;
import dev.faultline.operators.catalog.SignatureCatalog;
import dev.faultline.operators.rank.LineRanker;
import java.nio.charset.StandardCharsets;

/**
 * Small inline catalogs for tests (the shipped catalog is tested on its own in DefaultCatalogTest).
 */
public final class TestCatalogs {
    private TestCatalogs() {}

    /** The line ranker shipped in the jar. */
    public static final LineRanker RANKER = LineRanker.loadDefault();

    public static SignatureCatalog parse(String yaml) {
        return CatalogLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test");
    }

    /** Markers for a Workers-Builds-like log, three signatures and one two-step sequence. */
    public static final String BASIC =
            String.join(
                    "\n",
                    "version: 1",
                    "markers:",
                    "  - id: step-init",
                    "    literal: Initializing build environment",
                    "    stage: init",
                    "    step: initialization",
                    "  - id: step-clone",
                    "    literal: Cloning repository",
                    "    stage: clone",
                    "    step: clone",
                    "    examples: ['Cloning repository...']",
                    "  - id: step-install",
                    "    literal: Installing project dependencies",
                    "    stage: install",
                    "    step: dependency_installation",
                    "  - id: step-build",
                    "    literal: Executing user build command",
                    "    stage: build",
                    "    step: build_command",
                    "  - id: step-deploy",
                    "    literal: Executing user deploy command",
                    "    stage: deploy",
                    "    step: deploy_command",
                    "  - id: end-success",
                    "    literal: 'Success: Build command completed'",
                    "    end: success",
                    "  - id: end-failure",
                    "    literal: 'Failed: '",
                    "    regex: '^Failed: '",
                    "    end: failure",
                    "    examples: ['Failed: build command exited with code: 1']",
                    "    counterExamples: ['Tests Failed: 3']",
                    "signatures:",
                    "  - id: npm-missing-script",
                    "    literal: missing script",
                    "    regex: 'npm (?:ERR!|error) Missing script: \"?(?<script>[\\w:.-]+)\"?'",
                    "    category: build_command",
                    "    fault: user",
                    "    severity: error",
                    "    summary: 'npm script \"{script}\" is missing'",
                    "    examples: ['npm ERR! Missing script: \"build\"', 'npm error Missing script: build:prod']",
                    "    counterExamples: ['npm warn Missing script: build']",
                    "  - id: git-auth",
                    "    literal: Authentication failed",
                    "    category: clone",
                    "    fault: user",
                    "    severity: error",
                    "    summary: git authentication failed",
                    "  - id: internal-error",
                    "    literal: internal error",
                    "    fault: platform",
                    "    severity: critical",
                    "    summary: the build platform failed",
                    "  - id: exit-code",
                    "    literal: exited with code",
                    "    regex: 'exited with code:? (?<code>\\d+)'",
                    "    fault: user",
                    "    severity: warning",
                    "    summary: 'a command exited with code {code}'",
                    "  - id: ts-error",
                    "    literals: ['error TS', 'error ts']",
                    "    regex: 'error TS(?<code>\\d{4,5}):'",
                    "    fault: user",
                    "    severity: error",
                    "    summary: 'TypeScript error TS{code}'",
                    "sequences:",
                    "  - id: vite-resolve",
                    "    category: build_command",
                    "    fault: user",
                    "    severity: error",
                    "    summary: an import could not be resolved",
                    "    evidence: last",
                    "    steps:",
                    "      - literal: 'vite v'",
                    "        regex: 'vite v\\d+'",
                    "      - literal: Could not resolve",
                    "        maxLines: 5",
                    "    notFollowedBy:",
                    "      literal: retrying build",
                    "");
}
