package dev.fraudwatch.core.model;

import java.util.List;

/** An e-mail the embedded SMTP server received, as the web dashboard lists it. */
public record ReceivedMail(String from, List<String> to, String subject, String receivedAt, String body) {
}
