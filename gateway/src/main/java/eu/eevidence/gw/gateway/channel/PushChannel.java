package eu.eevidence.gw.gateway.channel;

import eu.eevidence.gw.adapter.api.InboundMessage;
import eu.eevidence.gw.adapter.api.InboundReply;
import eu.eevidence.gw.adapter.api.PlatformAdapter;
import eu.eevidence.gw.adapter.api.PollOutcome;
import eu.eevidence.gw.adapter.api.PortalAnswer;
import eu.eevidence.gw.adapter.api.PortalHttp;
import eu.eevidence.gw.gateway.answer.PortalAnswerService;
import eu.eevidence.gw.gateway.delivery.AdapterRegistry;
import eu.eevidence.gw.gateway.routing.Platform;
import eu.eevidence.gw.gateway.routing.PlatformRoutes;
import eu.eevidence.gw.gateway.access.ClientIdentity;
import eu.eevidence.gw.pki.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import eu.eevidence.gw.gateway.answer.AnswerError;

/**
 * The node's side of the PUSH answer channel (TS 104 144 Table 6.1-1: {@code POST /eevidence/{outcome|nonexecution|
 * datapreserved|confirmwithdrawal|correspondence}} on the node's mutual-TLS listener). Plain class: the JAX-RS resource
 * only hands it the client identity, the channel, the content type and the body stream.
 *
 * <p>Order of checks: a client certificate (TLS already checked its chain against the node's trust anchors), role
 * PLATFORM, a platform of the directory whose pinned fingerprints ({@link ChannelSettings#pushFingerprints()}) contain
 * the certificate's, that platform's adapter answering by PUSH, a known channel, the body within the platform's bound.
 * Then {@link PlatformAdapter#receive}, every answer stored through {@link PortalAnswerService} (once per (platform,
 * answer id); an answer naming no request of the platform changes nothing), and only then
 * {@link PlatformAdapter#reply}. A storage failure is answered as retryable (503) so that the platform sends again.
 */
public final class PushChannel {

    private static final Logger LOG = LoggerFactory.getLogger(PushChannel.class);
    public static final Set<String> CHANNELS = Set.of("outcome", "nonexecution", "datapreserved", "confirmwithdrawal", "correspondence");

    private final AdapterRegistry adapters;
    private final PortalAnswerService answers;
    /** fingerprint -> platform, every platform of the directory (PUSH or not, to tell "wrong channel" from "unknown"). */
    private final Map<String, Platform> byFingerprint;
    private final Map<String, ChannelSettings> settings = new HashMap<>();

    public PushChannel(PlatformRoutes directory, AdapterRegistry adapters, PortalAnswerService answers) {
        this.adapters = adapters;
        this.answers = answers;
        Map<String, Platform> map = new LinkedHashMap<>();
        for (Platform p : directory.all()) {
            ChannelSettings s = ChannelSettings.of(p);
            settings.put(p.id(), s);
            boolean push = isPush(p);
            for (String fp : s.pushFingerprints()) {
                Platform earlier = map.get(fp);
                if (earlier == null || !isPush(earlier) && push) {
                    map.put(fp, p);
                } else if (push) {
                    throw new IllegalArgumentException(ChannelError.CHN_AMBIGUOUS_CERT.code() + " platforms " + earlier.id() + " and " + p.id()
                            + " accept pushed answers from the same client certificate; pin one per platform (push.clientCertificateSha256)");
                }
            }
        }
        this.byFingerprint = Map.copyOf(map);
    }

    private boolean isPush(Platform p) {
        return adapters.forKind(p.adapterKind()).map(a -> a.answerChannels().contains(PlatformAdapter.AnswerChannel.PUSH)).orElse(false);
    }

    /** What to answer: a problem of the node ({@code code} set, nothing read or stored), or the adapter's reply. */
    public record Outcome(int status, String code, String detail, InboundReply reply) {
        static Outcome problem(int status, String code, String detail) {
            return new Outcome(status, code, detail, null);
        }
    }

    public Outcome push(ClientIdentity caller, String channel, String contentType, Long contentLength, InputStream body) throws IOException {
        if (caller == null) {
            LOG.warn(ChannelError.CHN_NO_CERT.code() + " a push to /eevidence/{} without a client certificate", PortalHttp.sanitize(channel));
            return Outcome.problem(401, ChannelError.CHN_NO_CERT.code(), "pushing answers needs mutual TLS with the platform's client certificate");
        }
        if (!caller.hasAnyRole(Set.of(Role.PLATFORM))) {
            LOG.warn(ChannelError.CHN_ROLE.code() + " certificate {} without the role PLATFORM pushed to /eevidence/{}", caller.fingerprint(),
                    PortalHttp.sanitize(channel));
            return Outcome.problem(403, ChannelError.CHN_ROLE.code(), "pushing answers needs a certificate with the role PLATFORM");
        }
        Platform platform = byFingerprint.get(caller.fingerprint());
        if (platform == null) {
            LOG.warn(ChannelError.CHN_UNKNOWN_PLATFORM.code() + " certificate {} ({}) is no platform's push certificate", caller.fingerprint(),
                    PortalHttp.sanitize(caller.subject()));
            return Outcome.problem(403, ChannelError.CHN_UNKNOWN_PLATFORM.code(), "this certificate is not configured for any platform that pushes answers");
        }
        Optional<PlatformAdapter> adapter = adapters.forKind(platform.adapterKind());
        if (adapter.isEmpty() || !adapter.get().answerChannels().contains(PlatformAdapter.AnswerChannel.PUSH)) {
            LOG.warn(ChannelError.CHN_NOT_PUSH.code() + " platform {} (adapter {}) pushed to /eevidence/{}; its answers come another way", platform.id(),
                    platform.adapterKind(), PortalHttp.sanitize(channel));
            return Outcome.problem(403, ChannelError.CHN_NOT_PUSH.code(), "platform " + platform.id() + " does not answer by push (adapter "
                    + platform.adapterKind() + ")");
        }
        if (channel == null || !CHANNELS.contains(channel)) {
            return Outcome.problem(404, ChannelError.CHN_UNKNOWN_CHANNEL.code(), "the answer channels are " + new java.util.TreeSet<>(CHANNELS));
        }
        long max = settings.get(platform.id()).pushMaxBodyBytes();
        if (contentLength != null && contentLength > max) {
            return tooLarge(platform, max);
        }
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            return tooLarge(platform, max);
        }
        InboundMessage message = new InboundMessage(platform.destination(), channel, contentType, bytes);
        PollOutcome outcome = adapter.get().receive(message);
        if (outcome instanceof PollOutcome.Failed f) {
            LOG.warn(ChannelError.CHN_PUSH_REFUSED.code() + " platform {} pushed to /eevidence/{}: {} {}", platform.id(), channel, f.code(),
                    PortalHttp.sanitize(f.reason()));
            return new Outcome(0, null, null, adapter.get().reply(message, f));
        }
        PollOutcome.Answers got = (PollOutcome.Answers) outcome;
        int matched = 0;
        try {
            for (PortalAnswer a : got.answers()) {
                if (answers.apply(platform.id(), a, "PUSH") instanceof PortalAnswerService.Result.Stored) {
                    matched++;
                }
            }
        } catch (RuntimeException e) {
            LOG.error(ChannelError.CHN_STORE_FAILED.code() + " platform {} pushed {} answer(s), storing failed ({}); the platform is told to send again",
                    platform.id(),
                    got.answers().size(), e.getClass().getSimpleName());
            return new Outcome(0, null, null, adapter.get().reply(message,
                    new PollOutcome.Failed(ChannelError.CHN_STORE_FAILED.code(), "the node could not store the answer; send it again", true, null)));
        }
        if (matched == 0) {
            return new Outcome(0, null, null, adapter.get().reply(message,
                    new PollOutcome.Failed(AnswerError.CHN_UNKNOWN_REFERENCE.code(), "the message names no request of this platform", false, null)));
        }
        return new Outcome(0, null, null, adapter.get().reply(message, outcome));
    }

    private static Outcome tooLarge(Platform platform, long max) {
        LOG.warn(ChannelError.CHN_TOO_LARGE.code() + " platform {} pushed a body above {} bytes", platform.id(), max);
        return Outcome.problem(413, ChannelError.CHN_TOO_LARGE.code(), "the body exceeds " + max + " bytes");
    }
}
