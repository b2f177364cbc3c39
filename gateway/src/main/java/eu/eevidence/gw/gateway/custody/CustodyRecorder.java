package eu.eevidence.gw.gateway.custody;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What intake and delivery call: {@link #stage} inside the transaction that makes the change (so the event record
 * is durable exactly when the change is), then {@link #committed} after the commit, which hands staged records to
 * the custody log without blocking the caller.
 */
public interface CustodyRecorder {

    /** Records nothing (unit tests of other features). */
    CustodyRecorder NONE = new CustodyRecorder() {
        @Override
        public void stage(Connection c, CustodyEvent event) {
        }

        @Override
        public void committed() {
        }
    };

    void stage(Connection c, CustodyEvent event) throws SQLException;

    void committed();
}
