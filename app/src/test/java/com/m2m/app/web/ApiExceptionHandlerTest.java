package com.m2m.app.web;

import com.m2m.command.common.TooManyRequestsException;
import com.m2m.domain.common.PartnerSuspendedException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The net under the controllers' id checks: Axon's type mismatch (an id of another aggregate type) is a 404 like a
 * missing id, also when Axon wraps it, and nothing is logged; suspension and throttling have their own codes.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler(new MockHttpServletRequest("POST", "/x"));

    @Test
    void anIdOfAnotherAggregateTypeIsNotFoundAndLogsNothing(CapturedOutput output) throws Exception {
        IncompatibleAggregateException mismatch = new IncompatibleAggregateException(
                "Aggregate identifier must be non-null and unique per aggregate type");
        assertNotFound(handler.notFound(mismatch));
        assertNotFound(handler.command(new CommandExecutionException("wrapped", mismatch)));
        assertThat(output.getAll()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void suspensionAndThrottlingHaveTheirCodes() throws Exception {
        ResponseEntity<ApiEnvelope.Failure> suspended = handler.command(
                new CommandExecutionException("wrapped", new PartnerSuspendedException()));
        assertThat(suspended.getStatusCode().value()).isEqualTo(403);
        assertThat(suspended.getBody().error().code()).isEqualTo("PARTNER_SUSPENDED");

        ResponseEntity<ApiEnvelope.Failure> limited = handler.tooMany(new TooManyRequestsException("slow down", 42));
        assertThat(limited.getStatusCode().value()).isEqualTo(429);
        assertThat(limited.getHeaders().getFirst("Retry-After")).isEqualTo("42");
        assertThat(limited.getBody().error().code()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void anExhaustedConnectionPoolIsABusyAnswerWithoutAStackTrace(CapturedOutput output) throws Exception {
        // What Hikari throws after connection-timeout, as Spring's JdbcTemplate and Axon's command path wrap it.
        var poolTimeout = new java.sql.SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 30000ms.");
        var spring = new org.springframework.jdbc.CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                poolTimeout);
        for (ResponseEntity<ApiEnvelope.Failure> busy : java.util.List.of(handler.unexpected(spring),
                handler.command(new CommandExecutionException("wrapped", new RuntimeException(poolTimeout))))) {
            assertThat(busy.getStatusCode().value()).isEqualTo(503);
            assertThat(busy.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(busy.getBody().error().code()).isEqualTo("SERVER_BUSY");
        }
        assertThat(output.getAll()).doesNotContain("at org.").doesNotContain("at com.zaxxer");
    }

    private static void assertNotFound(ResponseEntity<ApiEnvelope.Failure> response) {
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().error().code()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(response.getBody().error().message()).isEqualTo("Resource not found");
    }
}
