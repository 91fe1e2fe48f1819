package dev.faultline.jobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The modules are layers, each depending only on those below it: schemas (the contract) ← operators
 * (the graph) ← connectors (sources and sinks) ← tools ← jobs (entry points). Nothing imports
 * upward, and no two packages depend on each other.
 */
@AnalyzeClasses(packages = "dev.faultline", importOptions = ImportOption.DoNotIncludeTests.class)
class LayerRulesTest {
    @ArchTest
    static final ArchRule schemasAreTheBottom =
            noClasses()
                    .that()
                    .resideInAPackage("dev.faultline.schemas..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.faultline.operators..",
                            "dev.faultline.connectors..",
                            "dev.faultline.tools..",
                            "dev.faultline.jobs..");

    @ArchTest
    static final ArchRule operatorsKnowNoSourceOrSink =
            noClasses()
                    .that()
                    .resideInAPackage("dev.faultline.operators..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "dev.faultline.connectors..",
                            "dev.faultline.tools..",
                            "dev.faultline.jobs..");

    @ArchTest
    static final ArchRule connectorsKnowNoToolOrJob =
            noClasses()
                    .that()
                    .resideInAPackage("dev.faultline.connectors..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("dev.faultline.tools..", "dev.faultline.jobs..");

    @ArchTest
    static final ArchRule toolsKnowNoJob =
            noClasses()
                    .that()
                    .resideInAPackage("dev.faultline.tools..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.faultline.jobs..");

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.faultline.(**)").should().beFreeOfCycles();
}
