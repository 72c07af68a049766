package com.m2m.command.datarequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.userdata.UserDataParser;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.partner.FindPartnerSettingsQuery;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.DataRequestAnswer;
import com.m2m.domain.user.DataRequestOwner;
import com.m2m.domain.user.DataRequestStatus;
import com.m2m.domain.user.FindDataRequestOwnerQuery;
import com.m2m.domain.user.FulfilDataRequestCommand;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code PUT /partner/data-requests/{id}}: the partner's answer to {@code user.data_request}. The request's user is
 * found through the data-request read model (routing only); every decision — owner, expiry, precedence, closing —
 * is the user aggregate's.
 */
@RestController
public record DataRequestController(CommandGateway commands, QueryGateway queries, UserDataParser userDataParser,
                                    Clock clock) {

    public record DataRequestFulfilment(String dataRequestId, String status, String linkId, String message,
                                        Instant fulfilledAt, List<String> remainingFields) {
    }

    @PutMapping(path = "/partner/data-requests/{dataRequestId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DataRequestFulfilment fulfil(Tenant tenant, @PathVariable String dataRequestId,
                                        @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(null, "The request body must be a JSON object");
        }
        JsonNode referenceNode = body.get("referenceId");
        if (referenceNode == null || referenceNode.isNull() || referenceNode.asText().isEmpty()) {
            throw new ValidationException("referenceId", "The referenceId field is required");
        }
        Identifiers.requireReferenceId("referenceId", referenceNode.isTextual() ? referenceNode.asText() : null);
        JsonNode userDataNode = body.get("userData");
        if (userDataNode == null || userDataNode.isNull()) {
            throw new ValidationException("userData", "The userData field is required");
        }
        UserData userData = userDataParser.parse(userDataNode);
        if (!Identifiers.isDataRequestIdOf(dataRequestId, tenant.partnerId())) {
            throw new ResourceNotFoundException("Data request not found");
        }

        DataRequestOwner owner = queries.query(new FindDataRequestOwnerQuery(tenant.partnerId(),
                tenant.environment(), dataRequestId), DataRequestOwner.class).join();
        if (owner.userId() == null) {
            throw new ResourceNotFoundException("Data request not found");
        }
        PartnerSettings settings = queries.query(
                new FindPartnerSettingsQuery(tenant.partnerId(), tenant.environment()), PartnerSettings.class).join();
        DataRequestAnswer answer = commands.sendAndWait(new FulfilDataRequestCommand(owner.userId(), dataRequestId,
                referenceNode.asText(), userData, CipRequirements.fromPaths(settings.cipRequiredFields()),
                clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        boolean fulfilled = answer.status() == DataRequestStatus.FULFILLED;
        return new DataRequestFulfilment(answer.dataRequestId(), answer.status().wireName(), answer.linkId(),
                fulfilled ? "User data received and merged successfully"
                        : "User data received and merged; required fields are still missing",
                answer.fulfilledAt(), answer.remainingFields().stream().map(UserField::path).toList());
    }
}
