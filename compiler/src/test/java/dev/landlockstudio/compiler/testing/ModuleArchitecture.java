package dev.landlockstudio.compiler.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * What every module's architecture test checks of its main classes: its packages (each top-level package below the
 * module's root, with its sub-packages) import each other without a cycle, and nothing imports what the module
 * directions forbid (DESIGN.md: web → enforcer → compiler → schemas; no Spring or JNA below where they belong).
 */
public final class ModuleArchitecture {

    private final String root;
    private final JavaClasses classes;

    private ModuleArchitecture(String root) {
        this.root = root;
        this.classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
    }

    public static ModuleArchitecture of(String root) {
        return new ModuleArchitecture(root);
    }

    /** Fails, naming each cycle, when two packages of the module import each other, directly or around a loop. */
    public ModuleArchitecture packagesFreeOfCycles() {
        slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles().check(classes);
        return this;
    }

    /** Fails, naming each import, when a class of the module imports from one of these packages (ArchUnit syntax). */
    public ModuleArchitecture importsNothingFrom(String... packages) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(packages)
                .because("the module directions forbid it").check(classes);
        return this;
    }

    /** The number of classes read: a check over no classes proves nothing. */
    public int classCount() {
        return classes.size();
    }
}
