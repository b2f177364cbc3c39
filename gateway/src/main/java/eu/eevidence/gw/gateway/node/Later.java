package eu.eevidence.gw.gateway.node;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One port of a true start-up cycle (A needs B at construction, B needs A at run time): A gets this {@link Supplier}
 * at construction, the node {@link #set sets} B once it exists. Until then {@link #get} gives null, which A treats as
 * "not there yet" (as it did when B was plugged in by a setter). Set once; docs/design/structure.md, "Wiring", lists the
 * three cycles that use it.
 */
final class Later<T> implements Supplier<T> {

    private final String what;
    private final AtomicReference<T> value = new AtomicReference<>();

    Later(String what) {
        this.what = what;
    }

    void set(T v) {
        if (!value.compareAndSet(null, Objects.requireNonNull(v, what))) {
            throw new IllegalStateException(what + " is already set");
        }
    }

    @Override
    public T get() {
        return value.get();
    }
}
