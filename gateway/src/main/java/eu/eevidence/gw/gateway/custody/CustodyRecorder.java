package eu.eevidence.gw.gateway.custody;

import eu.eevidence.gw.gateway.infra.Tx;

/**
 * What intake and delivery call: {@link #stage} inside the transaction that makes the change (so the event record
 * is durable exactly when the change is), then {@link #committed} after the commit, which hands staged records to
 * the custody log without blocking the caller.
 */
public interface CustodyRecorder {

    /** Records nothing (unit tests of other features). */
    CustodyRecorder NONE = new CustodyRecorder() {
        @Override
        public void stage(Tx c, CustodyEvent event) {
        }

        @Override
        public void committed() {
        }
    };

    void stage(Tx c, CustodyEvent event);

    void committed();
}
