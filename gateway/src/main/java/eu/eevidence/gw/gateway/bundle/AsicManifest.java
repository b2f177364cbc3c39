package eu.eevidence.gw.gateway.bundle;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The court bundle's {@code META-INF/ASiCManifest.xml} (ETSI EN 319 162-1 V1.1.1, clause A.4, namespace
 * {@code http://uri.etsi.org/02918/v1.2.1#}): one {@code SigReference} to the detached CAdES signature and one
 * {@code DataObjectReference} per file with its SHA-256 ({@code http://www.w3.org/2001/04/xmlenc#sha256}).
 * Written deterministically; parsed with DTDs and external entities refused.
 */
public final class AsicManifest {

    public static final String NS = "http://uri.etsi.org/02918/v1.2.1#";
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

    /** One listed file: its name in the container, media type and SHA-256. */
    public record Ref(String uri, String mimeType, byte[] sha256) {
    }

    /** The parsed manifest: the signature it names and the files it lists, in order. */
    public record Parsed(String signatureUri, List<Ref> refs) {
    }

    private AsicManifest() {
    }

    public static byte[] write(String signatureUri, List<Ref> refs) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<asic:ASiCManifest xmlns:asic=\"").append(NS).append("\" xmlns:ds=\"").append(DS).append("\">\n");
        b.append("  <asic:SigReference URI=\"").append(attr(signatureUri)).append("\" MimeType=\"application/pkcs7-signature\"/>\n");
        for (Ref r : refs) {
            b.append("  <asic:DataObjectReference URI=\"").append(attr(r.uri())).append("\" MimeType=\"").append(attr(r.mimeType()))
                    .append("\">\n    <ds:DigestMethod Algorithm=\"").append(SHA256).append("\"/>\n    <ds:DigestValue>")
                    .append(Base64.getEncoder().encodeToString(r.sha256())).append("</ds:DigestValue>\n  </asic:DataObjectReference>\n");
        }
        return b.append("</asic:ASiCManifest>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a manifest; a malformed one, another digest algorithm or a duplicate URI is an {@link IllegalArgumentException}. */
    public static Parsed parse(byte[] xml) {
        Document doc = document(xml);
        Element root = doc.getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"ASiCManifest".equals(root.getLocalName())) {
            throw new IllegalArgumentException("the root element is not asic:ASiCManifest");
        }
        NodeList sig = root.getElementsByTagNameNS(NS, "SigReference");
        if (sig.getLength() != 1) {
            throw new IllegalArgumentException("the manifest must name exactly one signature");
        }
        List<Ref> refs = new ArrayList<>();
        NodeList dos = root.getElementsByTagNameNS(NS, "DataObjectReference");
        for (int i = 0; i < dos.getLength(); i++) {
            Element e = (Element) dos.item(i);
            Element method = only(e, DS, "DigestMethod");
            if (!SHA256.equals(method.getAttribute("Algorithm"))) {
                throw new IllegalArgumentException("digest algorithm of " + e.getAttribute("URI") + " is not SHA-256");
            }
            byte[] digest = Base64.getDecoder().decode(only(e, DS, "DigestValue").getTextContent().strip());
            String uri = e.getAttribute("URI");
            if (refs.stream().anyMatch(r -> r.uri().equals(uri))) {
                throw new IllegalArgumentException("the manifest lists " + uri + " twice");
            }
            refs.add(new Ref(uri, e.getAttribute("MimeType"), digest));
        }
        return new Parsed(((Element) sig.item(0)).getAttribute("URI"), List.copyOf(refs));
    }

    private static Element only(Element parent, String ns, String name) {
        NodeList l = parent.getElementsByTagNameNS(ns, name);
        if (l.getLength() != 1) {
            throw new IllegalArgumentException("expected one " + name + " in " + parent.getAttribute("URI"));
        }
        return (Element) l.item(0);
    }

    private static Document document(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("the manifest is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static String attr(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
