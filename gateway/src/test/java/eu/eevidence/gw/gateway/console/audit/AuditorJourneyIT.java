package eu.eevidence.gw.gateway.console.audit;

import eu.eevidence.gw.custody.merkle.MerkleTrees;
import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Rfc6962;
import eu.eevidence.gw.custody.merkle.TreeHashes;
import eu.eevidence.gw.gateway.console.browser.BrowserEnvironment;
import eu.eevidence.gw.gateway.console.browser.BrowserSession;
import eu.eevidence.gw.gateway.security.SecurityNode;
import eu.eevidence.gw.pki.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's journey in real headless Chromium (issue 16, "the auditor verifies a request's inclusion proofs in the
 * page"), negative journeys first: a contact point's certificate cannot open the auditor's pages; a tampered inclusion
 * proof shows "not verified"; a checkpoint whose signature was altered verifies nothing. Then every record "verified",
 * the checkpoint's Ed25519 signature verified by WebCrypto, axe-core without A/AA violations, screenshots; and the page's
 * JavaScript verifier (proofs.js) agrees with the custody-log library's {@link ProofVerifier} on good and bad proofs.
 *
 * <p>How the proof is tampered (honestly, without a test hook in the node): after the page has loaded, the test replaces
 * {@code window.fetch} in the page (WebDriver script, outside the page's CSP) by a wrapper that flips one bit of one proof
 * hash in the API's answer, as a lying server or a man in the middle would, then presses the page's own "Verify again".
 * The node and the page's code are those of production.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditorJourneyIT {

    @TempDir
    static Path dir;
    static SecurityNode n;
    static String requestId;

    @BeforeAll
    static void start() throws Exception {
        BrowserEnvironment.require();
        n = SecurityNode.start(dir);
        requestId = n.preservedRequest(n.cp);
        n.node.custody().flushAndPublish();
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    static BrowserSession as(KeyMaterial person) throws IOException {
        return BrowserSession.open(n.baseUrl(), person, List.of(n.pki.rootCertificate()));
    }

    static String page() {
        return "/console/custody/requests/" + requestId;
    }

    /** Waits until the page's verification round has ended (the summary carries data-verified). */
    static void awaitRound(BrowserSession s) {
        s.waiting().until(d -> d.findElement(By.id("proof-summary")).getAttribute("data-verified") != null);
    }

    static List<String> verdicts(BrowserSession s) {
        return s.driver().findElements(By.cssSelector("#proofs .verdict")).stream().map(e -> e.getAttribute("data-verdict")).toList();
    }

    static void verifyAgain(BrowserSession s) {
        ((JavascriptExecutor) s.driver()).executeScript("document.getElementById('proof-summary').removeAttribute('data-verified');");
        s.waitForClickable(By.id("verify-again")).click();
        awaitRound(s);
    }

    @Test
    @Order(1)
    void aContactPointCannotOpenTheAuditorsPages() throws Exception {
        try (BrowserSession cp = as(n.contactPoint)) {
            cp.get("/console/custody");
            assertThat(cp.pageText()).contains("EEG-AUTH-ROLE").doesNotContain("Latest signed checkpoint").doesNotContain("Exception");
            cp.get(page());
            assertThat(cp.pageText()).contains("EEG-AUTH-ROLE").doesNotContain("REQUEST_RECEIVED").doesNotContain("Exception");
            assertThat(cp.driver().findElements(By.id("proofs"))).isEmpty();
            cp.screenshot("auditor-refused-contact-point");
        }
    }

    @Test
    @Order(2)
    void aTamperedInclusionProofShowsNotVerified() throws Exception {
        try (BrowserSession auditor = as(n.auditor)) {
            auditor.get(page());
            awaitRound(auditor);
            ((JavascriptExecutor) auditor.driver()).executeScript("""
                    var original = window.fetch;
                    window.fetch = function (input, init) {
                      return original.apply(this, arguments).then(function (r) {
                        var url = typeof input === 'string' ? input : input.url;
                        if (url.indexOf('/api/v1/custody/requests/') < 0) { return r; }
                        return r.text().then(function (t) {
                          var d = JSON.parse(t);
                          var p = atob(d.records[0].proof[0]);
                          d.records[0].proof[0] = btoa(String.fromCharCode(p.charCodeAt(0) ^ 1) + p.substring(1));
                          return new Response(JSON.stringify(d), { status: 200, headers: { 'Content-Type': 'application/json' } });
                        });
                      });
                    };""");
            verifyAgain(auditor);
            List<String> v = verdicts(auditor);
            assertThat(v.get(0)).isEqualTo("not-verified");
            assertThat(v.subList(1, v.size())).containsOnly("verified");
            WebElement first = auditor.driver().findElements(By.cssSelector("#proofs .verdict")).get(0);
            assertThat(first.getText()).isEqualTo("not verified");
            assertThat(first.getAttribute("aria-live")).isEqualTo("polite");
            assertThat(auditor.driver().findElement(By.id("proof-summary")).getText()).startsWith((v.size() - 1) + " of " + v.size());
            auditor.screenshot("auditor-tampered-proof");
        }
    }

    @Test
    @Order(3)
    void aCheckpointWithAnAlteredSignatureVerifiesNothing() throws Exception {
        try (BrowserSession auditor = as(n.auditor)) {
            auditor.get(page());
            awaitRound(auditor);
            ((JavascriptExecutor) auditor.driver()).executeScript("""
                    var original = window.fetch;
                    window.fetch = function (input, init) {
                      return original.apply(this, arguments).then(function (r) {
                        return r.text().then(function (t) {
                          var d = JSON.parse(t);
                          d.checkpoint = d.checkpoint.replace(/\\n(\\d+)\\n/, function (m, size) { return '\\n' + (Number(size) + 1) + '\\n'; });
                          return new Response(JSON.stringify(d), { status: 200, headers: { 'Content-Type': 'application/json' } });
                        });
                      });
                    };""");
            verifyAgain(auditor);
            assertThat(verdicts(auditor)).containsOnly("not-verified");
            assertThat(auditor.driver().findElement(By.id("proof-summary")).getText()).contains("Nothing verified");
        }
    }

    @Test
    @Order(4)
    void theAuditorVerifiesEveryInclusionProofInThePage() throws Exception {
        try (BrowserSession auditor = as(n.auditor)) {
            auditor.get("/console/custody");
            auditor.waiting().until(d -> d.findElement(By.id("checkpoint-browser")).getAttribute("data-verdict") != null);
            assertThat(auditor.driver().findElement(By.id("checkpoint-browser")).getAttribute("data-verdict"))
                    .as("the checkpoint's Ed25519 signature checked by WebCrypto: %s", auditor.driver().findElement(By.id("checkpoint-browser")).getText())
                    .isEqualTo("verified");
            auditor.assertAccessible();
            auditor.screenshot("auditor-custody-status");

            auditor.driver().findElement(By.id("request-id")).sendKeys(requestId);
            auditor.driver().findElement(By.cssSelector("form[action='/console/custody/requests'] button")).click();
            auditor.waiting().withMessage(() -> auditor.currentUrl() + "\n" + auditor.consoleMessages())
                    .until(d -> d.getCurrentUrl().contains("/console/custody/requests?id=" + requestId));
            awaitRound(auditor);
            List<String> v = verdicts(auditor);
            assertThat(v).hasSizeGreaterThanOrEqualTo(4).containsOnly("verified");
            assertThat(auditor.driver().findElement(By.id("proof-summary")).getText()).isEqualTo(v.size() + " of " + v.size()
                    + " records verified against the signed checkpoint.");
            assertThat(auditor.pageText()).contains("REQUEST_RECEIVED", "Download the offline bundle");
            assertThat(auditor.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
            auditor.assertAccessible();
            auditor.screenshot("auditor-request-proofs");
        }
    }

    /** proofs.js against the custody-log library on the same proofs: every genuine one, and five kinds of tampering. */
    @Test
    @Order(5)
    void theBrowsersVerifierAgreesWithTheJavaVerifier() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        for (int size : new int[] {1, 2, 7, 13, 256, 300}) {
            TreeHashes tree = new TreeHashes();
            for (int i = 0; i < size; i++) {
                tree.appendLeafHash(Rfc6962.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
            }
            byte[] root = MerkleTrees.root(tree, size);
            for (int i = 0; i < size; i += size > 20 ? 37 : 1) {
                byte[] leaf = tree.leaf(i);
                List<byte[]> proof = MerkleTrees.inclusionProof(tree, i, size);
                add(cases, expected, i, size, leaf, proof, root);
                add(cases, expected, (i + 1) % size, size, leaf, proof, root);
                add(cases, expected, i, size + 1, leaf, proof, root);
                if (!proof.isEmpty()) {
                    List<byte[]> flipped = new ArrayList<>(proof);
                    byte[] h = flipped.get(proof.size() - 1).clone();
                    h[31] ^= 0x40;
                    flipped.set(proof.size() - 1, h);
                    add(cases, expected, i, size, leaf, flipped, root);
                    add(cases, expected, i, size, leaf, proof.subList(0, proof.size() - 1), root);
                }
                List<byte[]> longer = new ArrayList<>(proof);
                longer.add(root);
                add(cases, expected, i, size, leaf, longer, root);
            }
        }
        assertThat(expected).contains(true, false);
        try (BrowserSession auditor = as(n.auditor)) {
            auditor.get("/console/custody");
            auditor.waitFor(By.id("checkpoint-browser"));
            Object out = ((JavascriptExecutor) auditor.driver()).executeAsyncScript("""
                    var cases = arguments[0], done = arguments[arguments.length - 1], P = window.EegProofs;
                    Promise.all(cases.map(function (c) {
                      return P.verifyInclusion(BigInt(c.index), BigInt(c.size), P.b64(c.leaf), c.proof.map(P.b64), P.b64(c.root));
                    })).then(done, function (e) { done(String(e)); });""", cases);
            assertThat(out).isInstanceOf(List.class);
            assertThat((List<?>) out).as("proofs.js verdicts, case by case").isEqualTo(expected);
        }
    }

    private static void add(List<Map<String, Object>> cases, List<Boolean> expected, long index, long size, byte[] leaf, List<byte[]> proof,
                            byte[] root) {
        Base64.Encoder b = Base64.getEncoder();
        cases.add(Map.of("index", index, "size", size, "leaf", b.encodeToString(leaf), "proof", proof.stream().map(b::encodeToString).toList(),
                "root", b.encodeToString(root)));
        expected.add(ProofVerifier.verifyInclusion(index, size, leaf, proof, root).ok());
    }
}
