package eu.eevidence.gw.gateway.cli.audit;

import eu.eevidence.gw.custody.merkle.ProofVerifier;
import eu.eevidence.gw.custody.merkle.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "consistency", mixinStandardHelpOptions = true,
        description = {"Verifies an RFC 9162 consistency proof (section 2.1.4.2): the tree of size2 extends the tree of size1.",
                "Exit: 0 valid, 1 invalid, 2 malformed input."})
final class ConsistencyCommand implements Callable<Integer> {

    @Option(names = "--size1", required = true, paramLabel = "N", description = "Size of the older tree.")
    String size1;

    @Option(names = "--size2", required = true, paramLabel = "N", description = "Size of the newer tree.")
    String size2;

    @Option(names = "--root1", required = true, paramLabel = "B64", description = "Root of the older tree, base64.")
    String root1;

    @Option(names = "--root2", required = true, paramLabel = "B64", description = "Root of the newer tree, base64.")
    String root2;

    @Option(names = "--proof", required = true, paramLabel = "B64,...", description = "The consistency proof; empty when size1 is 0 or equals size2.")
    String proof;

    @Override
    public Integer call() {
        try {
            Verdict v = ProofVerifier.verifyConsistency(AuditInputs.uint(size1, "size1"), AuditInputs.uint(size2, "size2"),
                    AuditInputs.hash(root1, "root1"), AuditInputs.hash(root2, "root2"), AuditInputs.proof(proof));
            System.out.println(v.ok() ? "VALID tree of size " + size2 + " extends tree of size " + size1 : "INVALID " + v);
            return v.ok() ? AuditCommand.VALID : AuditCommand.INVALID;
        } catch (AuditInputs.Malformed e) {
            System.err.println(e.getMessage());
            return AuditCommand.MALFORMED;
        }
    }
}
