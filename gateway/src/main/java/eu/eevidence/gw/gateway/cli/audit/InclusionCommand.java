package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "inclusion", mixinStandardHelpOptions = true,
        description = {"Verifies an RFC 9162 inclusion proof (section 2.1.3.2) with no network and no storage.",
                "Exit: 0 valid, 1 invalid, 2 malformed input (e.g. an index of 2^64-1, which this log cannot hold)."})
final class InclusionCommand implements Callable<Integer> {

    @Option(names = "--leaf-hash", required = true, paramLabel = "B64", description = "SHA-256(0x00 || entry), base64.")
    String leafHash;

    @Option(names = "--index", required = true, paramLabel = "N", description = "Leaf index (unsigned decimal).")
    String index;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Tree size (unsigned decimal).")
    String size;

    @Option(names = "--root", required = true, paramLabel = "B64", description = "Root hash of the tree of that size, base64.")
    String root;

    @Option(names = "--proof", required = true, paramLabel = "B64,B64,...", description = "The audit path, leaf side first; empty for a one-entry tree.")
    String proof;

    @Override
    public Integer call() {
        try {
            Verdict v = ProofVerifier.verifyInclusion(AuditInputs.uint(index, "index"), AuditInputs.uint(size, "size"),
                    AuditInputs.hash(leafHash, "leaf hash"), AuditInputs.proof(proof), AuditInputs.hash(root, "root"));
            System.out.println(v.ok() ? "VALID inclusion of leaf " + index + " in tree of size " + size : "INVALID " + v);
            return v.ok() ? AuditCommand.VALID : AuditCommand.INVALID;
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        }
    }
}
