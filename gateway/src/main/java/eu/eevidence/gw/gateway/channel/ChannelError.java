package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.gateway.http.ErrorCode;

/**
 * The error and log codes of the gateway feature <code>channel</code>, documented in docs/errors.md and checked there by
 * ErrorCodesTest (gateway). Codes never change meaning; new ones use the word style EEG-&lt;AREA&gt;-&lt;WORDS&gt;.
 */
public enum ChannelError implements ErrorCode {
    CHN_AMBIGUOUS_CERT("EEG-CHN-AMBIGUOUS-CERT", 0, "Ambiguous cert"),
    CHN_BAD_CURSOR("EEG-CHN-BAD-CURSOR", 0, "Bad cursor"),
    CHN_BAD_SETTINGS("EEG-CHN-BAD-SETTINGS", 0, "Bad settings"),
    CHN_NOT_POLLED("EEG-CHN-NOT-POLLED", 0, "Not polled"),
    CHN_NOT_PUSH("EEG-CHN-NOT-PUSH", 403, "the certificate's platform answers by poll or the platform API, not by push"),
    CHN_NO_CERT("EEG-CHN-NO-CERT", 401, "no client certificate on a push"),
    CHN_POLLED("EEG-CHN-POLLED", 0, "Polled"),
    CHN_POLLING("EEG-CHN-POLLING", 0, "Polling"),
    CHN_POLL_FAILED("EEG-CHN-POLL-FAILED", 0, "Poll failed"),
    CHN_PUSH_REFUSED("EEG-CHN-PUSH-REFUSED", 0, "Push refused"),
    CHN_ROLE("EEG-CHN-ROLE", 403, "the certificate lacks the role PLATFORM"),
    CHN_STORE_FAILED("EEG-CHN-STORE-FAILED", 0, "the answers could not be stored; the platform sends again. Poller: the cursor stays"),
    CHN_TOO_LARGE("EEG-CHN-TOO-LARGE", 413, "the body exceeds the platform's push.maxBodyBytes (default 32 MiB)"),
    CHN_UNKNOWN_CHANNEL("EEG-CHN-UNKNOWN-CHANNEL", 404, "not one of outcome, nonexecution, datapreserved, confirmwithdrawal, correspondence"),
    CHN_UNKNOWN_PLATFORM("EEG-CHN-UNKNOWN-PLATFORM", 403, "the certificate is no platform's push certificate (push.clientCertificateSha256, else the …");

    private final Spec spec;

    ChannelError(String code, int status, String title) {
        this(code, status, title, null);
    }

    ChannelError(String code, int status, String title, String alias) {
        this.spec = new Spec(code, status, title, alias);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.code();
    }
}
