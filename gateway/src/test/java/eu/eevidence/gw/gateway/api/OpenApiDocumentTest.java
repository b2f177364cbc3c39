package eu.eevidence.gw.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The published OpenAPI document describes exactly the operations the resources serve. */
class OpenApiDocumentTest {

    @Test
    void archivedReadsDocumentTheirReasonAndTheir422() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(OpenApiResource.load()).get("paths");
        for (String path : List.of("/api/v1/requests/{id}/content", "/api/v1/requests/{id}/evidence/{itemId}")) {
            JsonNode get = paths.get(path).get("get");
            assertThat(get.get("responses").has("422")).as(path).isTrue();
            assertThat(get.get("parameters").findValuesAsText("name")).as(path).contains("reason");
        }
    }

    @Test
    void documentsEveryServedOperationAndNothingElse() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(OpenApiResource.load());
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> served = new TreeSet<>();
        // every JAX-RS root resource of the api and trust packages, found on the class path (a new resource cannot be
        // forgotten here); the console's HTML pages are not part of the API and are not documented in OpenAPI
        List<Class<?>> resources = new ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass c : new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("eu.eevidence.gw.gateway.api", "eu.eevidence.gw.gateway.trust")) {
            if (c.isAnnotatedWith(Path.class)) {
                resources.add(c.reflect());
            }
        }
        assertThat(resources).contains(RequestResource.class, PlatformResource.class, eu.eevidence.gw.gateway.trust.TrustServices.Ocsp.class);
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST" : m.isAnnotationPresent(jakarta.ws.rs.PUT.class) ? "PUT"
                        : m.isAnnotationPresent(jakarta.ws.rs.DELETE.class) ? "DELETE" : null;
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                served.add(verb + " " + base + (sub == null ? "" : "/" + sub.value().replaceAll(":[^}]*}", "}")));
            }
        }
        assertThat(documented).isEqualTo(served);
    }
}
