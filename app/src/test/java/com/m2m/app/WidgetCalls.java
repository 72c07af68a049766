package com.m2m.app;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The widget API calls of one session (its bearer token) that the journeys through the platform share, each
 * asserting that the platform took it.
 */
public record WidgetCalls(ApiClient api, String session) {

    /** Starts the verification with the user's consent: accepted, decided later. */
    public void startVerification() {
        assertThat(api.post("/widget/api/verification", "{\"consent\":true}").bearer(session).send().status())
                .isEqualTo(202);
    }

    /** A quote for sending {@code send} (a JSON number) USD to MXN: its id. */
    public String quote(String send) {
        ApiClient.Response quote = api.post("/widget/api/quotes",
                "{\"send\":" + send + ",\"destinationCurrency\":\"MXN\"}").bearer(session).send();
        assertThat(quote.status()).as(quote.toString()).isEqualTo(201);
        return quote.data().get("quoteId").asText();
    }

    /** Sends money on a fresh quote for {@code send} USD: the created operation. */
    public ApiClient.Response send(String send) {
        ApiClient.Response operation = api.post("/widget/api/operations",
                "{\"quoteId\":\"" + quote(send) + "\"}").bearer(session).send();
        assertThat(operation.status()).as(operation.toString()).isEqualTo(201);
        return operation;
    }
}
