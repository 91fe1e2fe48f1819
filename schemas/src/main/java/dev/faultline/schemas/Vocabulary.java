package dev.faultline.schemas;

import java.util.Map;
import java.util.Set;

/** The closed vocabularies of the verdict contract ({@code schemas/build-verdict.schema.json}). */
public final class Vocabulary {
    public static final Set<String> STAGES = Set.of("init", "clone", "install", "build", "deploy");
    public static final Set<String> CATEGORIES =
            Set.of(
                    "initialization",
                    "clone",
                    "tool_installation",
                    "dependency_installation",
                    "build_command",
                    "deploy_command",
                    "timeout",
                    "health_check",
                    "internal",
                    "unknown");

    /** Categories a step marker may assign to failures inside its step. */
    public static final Set<String> STEP_CATEGORIES =
            Set.of(
                    "initialization",
                    "clone",
                    "tool_installation",
                    "dependency_installation",
                    "build_command",
                    "deploy_command");

    public static final Set<String> FAULTS = Set.of("user", "platform", "unknown");
    public static final Set<String> ENDS = Set.of("success", "failure", "canceled");

    /** The category of a failure in a stage when no marker or signature says better. */
    public static final Map<String, String> STAGE_CATEGORY =
            Map.of(
                    "init", "initialization",
                    "clone", "clone",
                    "install", "dependency_installation",
                    "build", "build_command",
                    "deploy", "deploy_command");

    private Vocabulary() {}
}
