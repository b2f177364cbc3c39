package eu.eevidence.gw.gateway.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of docs/adr/0002-module-layering.md, checked on class files (the poms and the enforcer plugin
 * check the module dependencies).
 */
class ArchitectureTest {

    private static JavaClasses all;

    @BeforeAll
    static void load() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("eu.eevidence.gw");
    }

    @Test
    void libraries_do_not_use_camel_cxf_artemis_or_the_gateway() {
        noClasses().that().resideInAnyPackage("eu.eevidence.gw.schema..", "eu.eevidence.gw.pki..", "eu.eevidence.gw.adapter.api..", "eu.eevidence.gw.custody..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.cxf..", "org.apache.activemq..",
                        "jakarta.jms..", "eu.eevidence.gw.gateway..", "eu.eevidence.gw.testkit..")
                .check(all);
    }

    @Test
    void the_message_catalogue_depends_on_nothing_internal() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.schema..")
                .should().dependOnClassesThat().resideInAnyPackage("eu.eevidence.gw.pki..", "eu.eevidence.gw.adapter..", "org.bouncycastle..")
                .check(all);
    }

    @Test
    void routes_live_only_in_the_gateway() {
        classes().that().areAssignableTo(org.apache.camel.builder.RouteBuilder.class)
                .should().resideInAPackage("eu.eevidence.gw.gateway..")
                .check(all);
    }

    @Test
    void the_gateway_reaches_adapters_only_through_the_spi() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.gateway..")
                .should().dependOnClassesThat().resideInAPackage("eu.eevidence.gw.adapter.portal..")
                .check(all);
    }

    @Test
    void bouncy_castle_stays_inside_pki() {
        noClasses().that().resideOutsideOfPackage("eu.eevidence.gw.pki..")
                .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
                .check(all);
    }

    @Test
    void domain_packages_do_not_know_camel_or_http() {
        noClasses().that().resideInAnyPackage("eu.eevidence.gw.gateway.order..", "eu.eevidence.gw.gateway.deadline..", "eu.eevidence.gw.gateway.intake..",
                        "eu.eevidence.gw.gateway.action..", "eu.eevidence.gw.gateway.tracking..", "eu.eevidence.gw.gateway.answer..",
                        "eu.eevidence.gw.gateway.cases..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.cxf..", "jakarta.ws.rs..", "jakarta.jms..")
                .check(all);
    }
}
