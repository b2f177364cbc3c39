package eu.eevidence.gw.custody.audit;

/** Progress of a long verification: {@code done} of {@code total} entries. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (done, total) -> {
    };

    void update(long done, long total);
}
