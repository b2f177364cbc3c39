package eu.eevidence.gw.gateway.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import com.tngtech.archunit.library.freeze.TextFileBasedViolationStore;
import com.tngtech.archunit.library.freeze.ViolationLineMatcher;
import com.tngtech.archunit.library.freeze.ViolationStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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

    /** ADR-0023: the simulated counterparts (WireMock portal, contact point) ship in the jar for the demo only. */
    @Test
    void only_the_demo_uses_the_testkit() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.gateway..").and().resideOutsideOfPackage("eu.eevidence.gw.gateway.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("eu.eevidence.gw.testkit..", "com.github.tomakehurst.wiremock..")
                .check(all);
    }

    // ------------------------------------------------------------------ issue 15: frozen until the store is empty

    /**
     * Storage classes: the only gateway classes allowed to use java.sql. A class (or a nested/anonymous class of
     * a top-level type) whose simple name ends in Repository, Store, Stores, Database, Queries or Log, or any
     * class in a package named ..storage.. or ..infra.. (today's Database, DataKeys, SqlTime).
     */
    static final DescribedPredicate<JavaClass> STORAGE = DescribedPredicate.describe(
            "storage (simple name ending in Repository/Store/Stores/Database/Queries/Log, or package ..storage../..infra..)",
            c -> topLevelSimpleName(c).matches(".*(Repository|Store|Stores|Database|Queries|Log)")
                    || c.getPackageName().matches(".*\\.(storage|infra)(\\..*)?"));

    static final ArchRule FEATURES_FREE_OF_CYCLES = slices().matching("eu.eevidence.gw.gateway.(*)..")
            .should().beFreeOfCycles();

    static final ArchRule ONLY_STORAGE_USES_JAVA_SQL = noClasses()
            .that().resideInAPackage("eu.eevidence.gw.gateway..").and(DescribedPredicate.not(STORAGE))
            .should().dependOnClassesThat().resideInAPackage("java.sql..");

    /**
     * A known cycle is recognised by its path of slices alone ("Cycle detected: Slice a -> Slice b -> Slice a"),
     * not by the class-level dependencies listed under it: removing or adding a dependency on an edge of a cycle
     * that is already recorded neither fails the build nor needs a refreeze; a cycle through a new path of
     * features fails it.
     */
    static final ViolationLineMatcher SAME_CYCLE_PATH = (actual, stored) -> cyclePath(actual).equals(cyclePath(stored));

    /**
     * The path of slices of a cycle violation, rotated to start at its smallest slice name:
     * "Cycle detected: Slice a -> Slice b -> Slice a". A violation that is not a cycle is returned as it is.
     */
    static String cyclePath(String violation) {
        int details = violation.indexOf("Dependencies of");
        String head = (details < 0 ? violation : violation.substring(0, details)).replace("\\\n", " ")
                .replaceAll("\\s+", " ").replaceAll("\\s*\\d+\\.\\s*$", "").trim();
        String prefix = "Cycle detected: ";
        if (!head.startsWith(prefix)) {
            return violation;
        }
        List<String> slices = new ArrayList<>(Arrays.asList(head.substring(prefix.length()).split("\\s*->\\s*")));
        if (slices.size() > 1 && slices.get(0).equals(slices.get(slices.size() - 1))) {
            slices.remove(slices.size() - 1);
        }
        Collections.rotate(slices, -slices.indexOf(Collections.min(slices)));
        slices.add(slices.get(0));
        return prefix + String.join(" -> ", slices);
    }

    /**
     * The cycle rule's store keeps only the path of each cycle (one line each), not the thousands of class-level
     * dependencies ArchUnit lists under it; {@link #SAME_CYCLE_PATH} compares paths only.
     */
    static final class CyclePathStore implements ViolationStore {
        private final ViolationStore files = new TextFileBasedViolationStore(rule -> "gateway-feature-cycles.txt");

        @Override
        public void initialize(Properties properties) {
            files.initialize(properties);
        }

        @Override
        public boolean contains(ArchRule rule) {
            return files.contains(rule);
        }

        @Override
        public void save(ArchRule rule, List<String> violations) {
            files.save(rule, violations.stream().map(ArchitectureTest::cyclePath).distinct().sorted().collect(Collectors.toList()));
        }

        @Override
        public List<String> getViolations(ArchRule rule) {
            return files.getViolations(rule);
        }
    }

    static String topLevelSimpleName(JavaClass c) {
        String name = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /**
     * The freeze store (gateway/src/test/resources/archunit_store, see archunit.properties) must already hold both
     * frozen rules: ArchUnit would otherwise record every current violation of a renamed or new frozen rule as
     * known, silently. Renaming a rule therefore means renaming its key in stored.rules (docs/design/structure.md).
     */
    @Test
    void the_freeze_store_holds_exactly_the_frozen_rules() throws IOException {
        Properties stored = new Properties();
        try (InputStream in = ArchitectureTest.class.getResourceAsStream("/archunit_store/stored.rules")) {
            assertNotNull(in, "archunit_store/stored.rules is missing from the test resources");
            stored.load(in);
        }
        assertEquals(java.util.Set.of(FEATURES_FREE_OF_CYCLES.getDescription(), ONLY_STORAGE_USES_JAVA_SQL.getDescription()),
                stored.stringPropertyNames());
    }

    @Test
    void gateway_features_have_no_new_cycle() {
        FreezingArchRule.freeze(FEATURES_FREE_OF_CYCLES).persistIn(new CyclePathStore()).associateViolationLinesVia(SAME_CYCLE_PATH)
                .check(all);
    }

    @Test
    void only_storage_classes_newly_use_java_sql() {
        FreezingArchRule.freeze(ONLY_STORAGE_USES_JAVA_SQL)
                .persistIn(new TextFileBasedViolationStore(rule -> "gateway-java-sql-outside-storage.txt")).check(all);
    }

    @Test
    void the_cycle_matcher_compares_the_path_of_slices_only() {
        String stored = "Cycle detected: Slice a -> \n                Slice b -> \n                Slice a\n  1. Dependencies of Slice a\n    - Method <x> calls <y> in (A.java:3)";
        String moved = "Cycle detected: Slice a -> \n                Slice b -> \n                Slice a\n  1. Dependencies of Slice a\n    - Field <z> has type <w> in (A.java:9)";
        String longer = "Cycle detected: Slice a -> \n                Slice b -> \n                Slice c -> \n                Slice a\n  1. Dependencies of Slice a";
        assertEquals(true, SAME_CYCLE_PATH.matches(moved, stored));
        assertEquals(false, SAME_CYCLE_PATH.matches(longer, stored));
        String rotated = "Cycle detected: Slice b -> \n                Slice a -> \n                Slice b\n  1. Dependencies of Slice b";
        assertEquals(true, SAME_CYCLE_PATH.matches(rotated, cyclePath(stored)));
        assertEquals("Cycle detected: Slice a -> Slice b -> Slice a", cyclePath(rotated));
    }
}
