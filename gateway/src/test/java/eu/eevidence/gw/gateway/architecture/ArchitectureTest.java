package eu.eevidence.gw.gateway.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void librariesDoNotUseCamelCxfArtemisOrTheGateway() {
        noClasses().that().resideInAnyPackage("eu.eevidence.gw.schema..", "eu.eevidence.gw.pki..", "eu.eevidence.gw.adapter.api..", "eu.eevidence.gw.custody..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.cxf..", "org.apache.activemq..",
                        "jakarta.jms..", "eu.eevidence.gw.gateway..", "eu.eevidence.gw.testkit..")
                .check(all);
    }

    @Test
    void theMessageCatalogueDependsOnNothingInternal() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.schema..")
                .should().dependOnClassesThat().resideInAnyPackage("eu.eevidence.gw.pki..", "eu.eevidence.gw.adapter..", "org.bouncycastle..")
                .check(all);
    }

    @Test
    void routesLiveOnlyInTheGateway() {
        classes().that().areAssignableTo(org.apache.camel.builder.RouteBuilder.class)
                .should().resideInAPackage("eu.eevidence.gw.gateway..")
                .check(all);
    }

    @Test
    void theGatewayReachesAdaptersOnlyThroughTheSpi() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.gateway..")
                .should().dependOnClassesThat().resideInAPackage("eu.eevidence.gw.adapter.portal..")
                .check(all);
    }

    @Test
    void bouncyCastleStaysInsidePki() {
        noClasses().that().resideOutsideOfPackage("eu.eevidence.gw.pki..")
                .should().dependOnClassesThat().resideInAPackage("org.bouncycastle..")
                .check(all);
    }

    @Test
    void domainPackagesDoNotKnowCamelOrHttp() {
        noClasses().that().resideInAnyPackage("eu.eevidence.gw.gateway.order..", "eu.eevidence.gw.gateway.deadline..", "eu.eevidence.gw.gateway.intake..",
                        "eu.eevidence.gw.gateway.action..", "eu.eevidence.gw.gateway.tracking..", "eu.eevidence.gw.gateway.answer..",
                        "eu.eevidence.gw.gateway.cases..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.cxf..", "jakarta.ws.rs..", "jakarta.jms..")
                .check(all);
    }

    /** ADR-0023: the simulated counterparts (WireMock portal, contact point) ship in the jar for the demo only. */
    @Test
    void onlyTheDemoUsesTheTestkit() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.gateway..").and().resideOutsideOfPackage("eu.eevidence.gw.gateway.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("eu.eevidence.gw.testkit..", "com.github.tomakehurst.wiremock..")
                .check(all);
    }

    /**
     * ADR-0037: victims' attributes reach only the API resource that serves them to their submitter, the statistics that
     * aggregate them and the node that wires them; whatever writes logs for operators, mails, webhooks, custody records,
     * timelines, court bundles or messages to peers and platforms cannot even see the type.
     */
    @Test
    void victimDataStayOutOfAlarmsCustodyTimelinesAndMessages() {
        noClasses().that().resideInAPackage("eu.eevidence.gw.gateway..").and().resideOutsideOfPackages("eu.eevidence.gw.gateway.victim..",
                "eu.eevidence.gw.gateway.statistics..", "eu.eevidence.gw.gateway.api..", "eu.eevidence.gw.gateway.node..")
                .should().dependOnClassesThat().resideInAPackage("eu.eevidence.gw.gateway.victim..")
                .check(all);
    }

    /**
     * The direction of the gateway's features, bottom (0) to top, as drawn in the README's "Inside the gateway" and in
     * ADR-0002: a class may depend on its own feature and on features of a lower layer only. A new feature package
     * must be given its layer here (and in those two documents) before the build passes.
     */
    static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("infra", 0), Map.entry("observe", 0), Map.entry("routing", 0), Map.entry("access", 0), Map.entry("http", 0),
            Map.entry("notification", 0),
            Map.entry("order", 1), Map.entry("trust", 1), Map.entry("alert", 1),
            Map.entry("custody", 2), Map.entry("deadline", 2), Map.entry("tracking", 2), Map.entry("witness", 2),
            Map.entry("delivery", 3),
            Map.entry("intake", 4), Map.entry("answer", 4), Map.entry("evidence", 4), Map.entry("victim", 4), Map.entry("archive", 4),
            Map.entry("network", 5), Map.entry("privacy", 5), Map.entry("channel", 5),
            Map.entry("action", 6), Map.entry("transfer", 6), Map.entry("statistics", 6),
            Map.entry("cases", 7), Map.entry("handoff", 7), Map.entry("bundle", 7),
            Map.entry("api", 8),
            Map.entry("node", 9), Map.entry("demo", 10), Map.entry("console", 10), Map.entry("cli", 11));

    static String feature(JavaClass c) {
        String p = c.getPackageName();
        String root = "eu.eevidence.gw.gateway.";
        if (!p.startsWith(root)) {
            return null;
        }
        String rest = p.substring(root.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void everyGatewayFeatureHasALayer() {
        java.util.Set<String> unknown = new TreeSet<>();
        for (JavaClass c : all) {
            String f = feature(c);
            if (f != null && !LAYERS.containsKey(f)) {
                unknown.add(f);
            }
        }
        assertEquals(java.util.Set.of(), unknown, "gateway feature packages without a layer in ArchitectureTest.LAYERS");
    }

    @Test
    void gatewayFeaturesDependOnlyDownwards() {
        List<String> upward = new ArrayList<>();
        for (JavaClass c : all) {
            String from = feature(c);
            if (from == null || !LAYERS.containsKey(from)) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = feature(d.getTargetClass());
                if (to != null && !to.equals(from) && LAYERS.containsKey(to) && LAYERS.get(to) >= LAYERS.get(from)) {
                    upward.add(from + " (layer " + LAYERS.get(from) + ") -> " + to + " (layer " + LAYERS.get(to) + "): " + d.getDescription());
                }
            }
        }
        assertEquals(List.of(), upward.stream().distinct().limit(50).toList(), "dependencies that do not point down the layers");
    }

    @Test
    void theLayerCheckCanFail() {
        JavaClasses mine = new ClassFileImporter().importClasses(ArchitectureTest.class);
        assertEquals("architecture", feature(mine.get(ArchitectureTest.class)));
        assertEquals(false, LAYERS.containsKey("architecture"), "a package missing from LAYERS is reported by everyGatewayFeatureHasALayer");
    }

    // ------------------------------------------------------------------ issue 15: storage only in stores

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

    static String topLevelSimpleName(JavaClass c) {
        String name = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    /**
     * Nothing is frozen any more (issue 15): the java.sql store emptied (673 -> 0 lines) and was removed with the freeze
     * configuration. A frozen rule brought back would need a store that records today's violations as known; this test
     * keeps that from happening silently.
     */
    @Test
    void noRuleIsFrozen() {
        // the module directory is surefire's working directory (a stale copy in target/test-classes does not count)
        assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of("src/test/resources/archunit_store")),
                "a freeze store is back in the test resources: every rule must hold without known violations");
    }

    /** No cycle between the gateway's features, and none frozen: a new one fails the build (docs/design/structure.md). */
    @Test
    void gatewayFeaturesAreFreeOfCycles() {
        FEATURES_FREE_OF_CYCLES.check(all);
    }

    /** java.sql only in storage classes (ADR-0026): no exception left. */
    @Test
    void onlyStorageClassesUseJavaSql() {
        ONLY_STORAGE_USES_JAVA_SQL.check(all);
    }
}
