package com.m2m.app;

import static org.assertj.core.api.Assertions.assertThat;

/** Creates partners and keys through the operator API, the way an operator onboards a partner. */
public final class Partners {

    private final ApiClient api;

    public Partners(ApiClient api) {
        this.api = api;
    }

    public void create(String partnerId) {
        ApiClient.Response created = api.post("/admin/partners",
                "{\"partnerId\":\"" + partnerId + "\",\"name\":\"" + partnerId + " Inc\"}")
                .bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    public String key(String partnerId, String environment) {
        ApiClient.Response key = api.post("/admin/partners/" + partnerId + "/keys",
                "{\"environment\":\"" + environment + "\"}").bearer(PlatformTest.OPERATOR_TOKEN).send();
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.data().get("apiKey").asText();
    }

    /** A fresh partner id: test classes may share one running platform, so ids must never collide. */
    public static String uniqueId(String stem) {
        return stem + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A new partner with a sandbox key. */
    public String sandboxPartner(String partnerId) {
        create(partnerId);
        return key(partnerId, "sandbox");
    }
}
