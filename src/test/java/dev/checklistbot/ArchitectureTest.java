package dev.checklistbot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The house rules of ARCHITECTURE.md, kept true by the build. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.checklistbot");
    }

    @Test
    void theEngineUsesOnlyTheJdkAndTheChecklistModel() {
        classes().that().resideInAPackage("dev.checklistbot.run..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.checklistbot.run..",
                        "dev.checklistbot.checklist")
                .check(classes);
    }

    @Test
    void theAuditChainUsesOnlyTheJdkAndTheEngine() {
        classes().that().resideInAPackage("dev.checklistbot.audit..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..",
                        "dev.checklistbot.audit..", "dev.checklistbot.run..", "dev.checklistbot.checklist")
                .check(classes);
    }

    @Test
    void checklistsAndRenderingUseNoChatPlatformDatabaseOrHttpServer() {
        noClasses().that().resideInAnyPackage("dev.checklistbot.checklist..", "dev.checklistbot.run..",
                        "dev.checklistbot.render..")
                .should().dependOnClassesThat().resideInAnyPackage("com.slack..", "net.dv8tion..", "java.sql..",
                        "javax.sql..", "org.flywaydb..", "org.sqlite..", "com.sun.net.httpserver..",
                        "dev.checklistbot.store..", "dev.checklistbot.chat..", "dev.checklistbot.slack..",
                        "dev.checklistbot.console..", "dev.checklistbot.cli..")
                .check(classes);
    }

    @Test
    void onlyTheSlackAdapterAndTheWiringTouchSlack() {
        noClasses().that().resideOutsideOfPackages("dev.checklistbot.slack..", "dev.checklistbot.cli..")
                .should().dependOnClassesThat().resideInAPackage("com.slack..")
                .check(classes);
    }

    @Test
    void onlyTheStoreTouchesSql() {
        noClasses().that().resideOutsideOfPackage("dev.checklistbot.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..",
                        "org.flywaydb..", "org.postgresql..", "com.zaxxer..")
                .check(classes);
    }

    @Test
    void onlyTheDiscordAdapterTouchesJda() {
        noClasses().that().resideOutsideOfPackage("dev.checklistbot.discord..")
                .should().dependOnClassesThat().resideInAPackage("net.dv8tion..")
                .check(classes);
    }

    @Test
    void chatAdaptersNeverTouchTheStore() {
        noClasses().that().resideInAnyPackage("dev.checklistbot.slack..", "dev.checklistbot.discord..",
                        "dev.checklistbot.console..")
                .should().dependOnClassesThat().resideInAPackage("dev.checklistbot.store..")
                .check(classes);
    }

    @Test
    void chatAdaptersDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("dev.checklistbot.slack..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.checklistbot.discord..", "dev.checklistbot.console..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.checklistbot.discord..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.checklistbot.slack..", "dev.checklistbot.console..")
                .check(classes);
    }

    @Test
    void theReportPagesReadRunsThroughTheEnginesPortNeverTheStoreNorAChatAdapter() {
        noClasses().that().resideInAPackage("dev.checklistbot.web..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.checklistbot.store..", "dev.checklistbot.slack..",
                        "dev.checklistbot.discord..", "dev.checklistbot.console..", "dev.checklistbot.chat..",
                        "dev.checklistbot.cli..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.checklistbot.(*)..").should().beFreeOfCycles().check(classes);
    }
}
