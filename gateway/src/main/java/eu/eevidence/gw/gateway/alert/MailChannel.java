package eu.eevidence.gw.gateway.alert;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.time.Clock;
import java.util.Date;
import java.util.Properties;

/**
 * E-mail over SMTP submission with STARTTLS required (RFC 3207; Jakarta Mail, Eclipse Angus): the connection is refused
 * unless the server offers STARTTLS and its certificate is valid for the configured host under the configured trust.
 * One message per batch, plain text, with the batch id as {@code Message-ID} (the same on every attempt).
 */
final class MailChannel implements AlarmChannel {

    private final AlarmsConfig.Smtp smtp;
    private final AlarmContent content;
    private final Clock clock;
    private final Session session;
    private final String domain;

    MailChannel(AlarmsConfig.Smtp smtp, AlarmContent content, Clock clock) {
        this.smtp = smtp;
        this.content = content;
        this.clock = clock;
        this.session = Session.getInstance(properties(smtp));
        String from = smtp.from();
        this.domain = from.substring(from.indexOf('@') + 1);
    }

    static Properties properties(AlarmsConfig.Smtp smtp) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        p.put("mail.smtp.ssl.socketFactory", TlsTrust.context(smtp.trust()).getSocketFactory());
        p.put("mail.smtp.auth", Boolean.toString(smtp.user() != null));
        String millis = Long.toString(smtp.timeout().toMillis());
        p.put("mail.smtp.connectiontimeout", millis);
        p.put("mail.smtp.timeout", millis);
        p.put("mail.smtp.writetimeout", millis);
        return p;
    }

    @Override
    public void send(Subscriber subscriber, Batch batch) throws SendFailure {
        String to = ((Subscriber.Mail) subscriber.channel()).address();
        try {
            MimeMessage m = new FixedIdMessage(session, "<" + batch.id() + "@" + domain + ">");
            m.setFrom(new InternetAddress(smtp.from()));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
            m.setSubject(content.mailSubject(batch), "UTF-8");
            m.setText(content.mailBody(batch), "UTF-8");
            m.setSentDate(Date.from(clock.instant()));
            m.saveChanges();
            if (smtp.user() == null) {
                Transport.send(m);
            } else {
                Transport.send(m, smtp.user(), new String(smtp.password()));
            }
        } catch (AuthenticationFailedException e) {
            throw new SendFailure(AlertError.ALM_MAIL_AUTH, "authentication refused", true);
        } catch (SMTPAddressFailedException e) {
            throw refused(e.getReturnCode());
        } catch (SMTPSenderFailedException e) {
            throw refused(e.getReturnCode());
        } catch (SMTPSendFailedException e) {
            throw refused(e.getReturnCode());
        } catch (MessagingException e) {
            throw classify(e);
        }
    }

    private static SendFailure refused(int code) {
        return code >= 500
                ? new SendFailure(AlertError.ALM_MAIL_REFUSED, "SMTP " + code, true)
                : new SendFailure(AlertError.ALM_MAIL_FAILED, "SMTP " + code, false);
    }

    private static SendFailure classify(MessagingException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("STARTTLS")) {
            return new SendFailure(AlertError.ALM_MAIL_STARTTLS, "the server does not offer STARTTLS", true);
        }
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("response: ([45]\\d\\d)").matcher(m);
        if (code.find()) {
            return refused(Integer.parseInt(code.group(1)));
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new SendFailure(AlertError.ALM_MAIL_FAILED, cause.getClass().getSimpleName(), false);
    }

    /** A message whose Message-ID is the batch's, not a new one per attempt. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
