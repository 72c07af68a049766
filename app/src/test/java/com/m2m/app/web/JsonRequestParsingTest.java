package com.m2m.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reading rules apply to request bodies only: the mapper they copy (internal JSON) stays as it was. */
class JsonRequestParsingTest {

    final RequestLimits limits = new RequestLimits(DataSize.ofMegabytes(8), DataSize.ofKilobytes(16),
            Duration.ofSeconds(30), 50);

    @Test
    void requestBodiesAreReadStrictlyAndExactly() throws Exception {
        ObjectMapper requests = new JsonRequestParsing().mappingJackson2HttpMessageConverter(new ObjectMapper(), limits)
                .getObjectMapper();
        JsonNode amount = requests.readTree("{\"send\":0.99999999999999999999}");
        assertThat(amount.get("send").decimalValue()).isEqualByComparingTo(new BigDecimal("0.99999999999999999999"));
        assertThat(requests.readTree("{\"send\":100.000}").get("send").decimalValue().scale()).isEqualTo(3);
        assertThatThrownBy(() -> requests.readValue("{\"a\":1,\"a\":2}", JsonNode.class))
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> requests.readValue("{\"a\":1}{\"a\":2}", JsonNode.class))
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> requests.readValue("[".repeat(17) + "]".repeat(17), JsonNode.class))
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> requests.readValue("[" + "{},".repeat(10_000) + "{}]", JsonNode.class))
                .hasMessageContaining("Token count");
    }

    @Test
    void theMapperItCopiesIsLeftAsItWas() throws Exception {
        ObjectMapper spring = new ObjectMapper();
        new JsonRequestParsing().mappingJackson2HttpMessageConverter(spring, limits);
        assertThat(spring.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)).isFalse();
        assertThat(spring.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)).isFalse();
        assertThat(spring.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)).isFalse();
        assertThat(spring.readTree("[" + "{},".repeat(20_000) + "{}]").size()).isEqualTo(20_001);
    }
}
