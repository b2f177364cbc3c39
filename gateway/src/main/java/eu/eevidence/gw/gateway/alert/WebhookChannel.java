package eu.eevidence.gw.gateway.alert;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed webhooks: one HTTPS POST per batch of a CloudEvents 1.0 event in structured JSON mode, with the Standard Webhooks
 * headers {@code webhook-id} (the batch id, the same on every attempt), {@code webhook-timestamp} and
 * {@code webhook-signature} ({@link WebhookSignature}). A 2xx answer is success; anything else, or no answer, is a failed
 * attempt that the dispatcher retries with back-off. Redirects are not followed.
 */
final class WebhookChannel implements AlarmChannel {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final AlarmContent content;
    private final Clock clock;
    private final Map<java.nio.file.Path, HttpClient> clients = new ConcurrentHashMap<>();
    private final HttpClient defaultClient;

    WebhookChannel(AlarmContent content, Clock clock) {
        this.content = content;
        this.clock = clock;
        this.defaultClient = client(null);
    }

    @Override
    public void send(Subscriber subscriber, Batch batch) throws SendFailure {
        Subscriber.Webhook hook = (Subscriber.Webhook) subscriber.channel();
        Instant now = clock.instant();
        String body = content.cloudEvent(batch, now);
        long ts = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(TIMEOUT)
                .header("content-type", AlarmContent.MEDIA_TYPE)
                .header("webhook-id", batch.id())
                .header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", WebhookSignature.sign(hook.secret(), batch.id(), ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpClient http = hook.trust() == null ? defaultClient : clients.computeIfAbsent(hook.trust(), WebhookChannel::client);
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new SendFailure(AlertError.ALM_WEBHOOK_FAILED, e.getClass().getSimpleName(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure(AlertError.ALM_WEBHOOK_FAILED, "interrupted", false);
        }
        if (status < 200 || status > 299) {
            throw new SendFailure(AlertError.ALM_WEBHOOK_STATUS, "HTTP " + status, false);
        }
    }

    private static HttpClient client(java.nio.file.Path trust) {
        return HttpClient.newBuilder().sslContext(TlsTrust.context(trust)).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT).build();
    }
}
