package com.m2m.command.widget;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.command.config.CipProperties;
import com.m2m.command.config.PayoutProperties;
import com.m2m.command.config.WidgetSessionProperties;
import com.m2m.command.userdata.UserDataParser;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.InvalidStateException;
import com.m2m.domain.common.LinkExpiredException;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.common.WidgetSession;
import com.m2m.domain.link.DeviceInfo;
import com.m2m.domain.link.Link;
import com.m2m.domain.link.LinkOpening;
import com.m2m.domain.link.OpenLinkCommand;
import com.m2m.domain.link.StartLinkFlowCommand;
import com.m2m.domain.link.WidgetStep;
import com.m2m.domain.operation.CancelOperationCommand;
import com.m2m.domain.operation.CreateOperationCommand;
import com.m2m.domain.operation.Operation;
import com.m2m.domain.operation.OperationAmount;
import com.m2m.domain.operation.OperationReceipt;
import com.m2m.domain.operation.Payability;
import com.m2m.domain.operation.SandboxRates;
import com.m2m.domain.partner.FindPartnerSettingsQuery;
import com.m2m.domain.partner.PartnerSettings;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.FindUserProfileQuery;
import com.m2m.domain.user.MergeOutcome;
import com.m2m.domain.user.MergeUserDataCommand;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.StartCipVerificationCommand;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserProfile;
import com.m2m.domain.user.UserStatus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The widget API's actions (docs/widget.md). Every call but the session exchange acts for the {@link WidgetSession}
 * the app resolved from the bearer token: one link, one user. The aggregates decide; this class only translates.
 */
@RestController
public record WidgetController(CommandGateway commands, QueryGateway queries, UserDataParser userDataParser,
                               WidgetSessions sessions, Quotes quotes, SessionAttemptLimiter attempts, Clock clock,
                               WidgetSessionProperties sessionProperties, CipProperties cip, PayoutProperties payouts) {

    public record DetailsAccepted(String status, List<String> missingFields, List<String> ignoredFields,
                                  String nextStep) {
    }

    public record VerificationStarted(String status) {
    }

    public record QuoteOffer(String quoteId, BigDecimal send, BigDecimal receive, BigDecimal rate, BigDecimal fee,
                             WidgetOperation.Currency currency, Instant expiresAt) {
    }

    @PostMapping(path = "/widget/api/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public WidgetSessions.OpenedSession openSession(@RequestBody JsonNode body) {
        requireObject(body);
        String linkId = requiredText(body, "linkId");
        String token = requiredText(body, "token");
        DeviceInfo device = deviceInfo(body.get("deviceInfo"));
        if (!Identifiers.isLinkId(linkId)) {
            // Not a link id at all (a user id, say): nothing to load, the same answer as a wrong token.
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
        attempts.ensureAllowed(linkId);
        Instant now = now();
        LinkOpening opening;
        try {
            opening = commands.sendAndWait(new OpenLinkCommand(linkId, Identifiers.sha256Hex(token), device, now));
        } catch (AggregateNotFoundException | ResourceNotFoundException unknown) {
            attempts.recordFailure(linkId);
            throw new ResourceNotFoundException(Link.NOT_FOUND);
        }
        if (opening.expired()) {
            throw new LinkExpiredException();
        }
        Instant sessionEnd = now.plus(sessionProperties.sessionLifetime());
        return sessions.open(new WidgetSession(opening.linkId(), opening.userId(), opening.partnerId(),
                opening.environment(), sessionEnd.isBefore(opening.expiresAt()) ? sessionEnd : opening.expiresAt()));
    }

    @PostMapping(path = "/widget/api/details", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DetailsAccepted details(WidgetSession session, @RequestBody JsonNode body) {
        requireObject(body);
        JsonNode userDataNode = body.get("userData");
        if (userDataNode == null || userDataNode.isNull()) {
            throw new ValidationException("userData", "The userData field is required");
        }
        UserData userData = userDataParser.parse(userDataNode);
        PartnerSettings settings = settings(session);
        requireAllowedPaymentMethod(userData, settings);
        Instant now = now();
        commands.sendAndWait(new StartLinkFlowCommand(session.linkId(), now));
        MergeOutcome outcome = commands.sendAndWait(new MergeUserDataCommand(session.userId(), userData,
                FieldSource.WIDGET, CipRequirements.fromPaths(settings.cipRequiredFields()), now));
        UserProfile profile = profile(session);
        return new DetailsAccepted(outcome.status().wireName(), paths(outcome.missingFields()),
                paths(outcome.ignoredFields()), nextStep(profile));
    }

    @PostMapping(path = "/widget/api/verification", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public VerificationStarted verification(WidgetSession session, @RequestBody JsonNode body) {
        requireObject(body);
        JsonNode consent = body.get("consent");
        if (consent == null || !consent.isBoolean() || !consent.asBoolean()) {
            throw new ValidationException("consent", "The consent field must be true to start verification");
        }
        Instant now = now();
        commands.sendAndWait(new StartLinkFlowCommand(session.linkId(), now));
        UserStatus status = commands.sendAndWait(new StartCipVerificationCommand(session.userId(), cip.sandboxDelay(),
                now));
        return new VerificationStarted(status.wireName());
    }

    @PostMapping(path = "/widget/api/quotes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public QuoteOffer quote(WidgetSession session, @RequestBody JsonNode body) {
        requireObject(body);
        JsonNode send = body.get("send");
        if (send == null || !send.isNumber()) {
            throw new ValidationException("send", "The send field must be an amount from 1.00 to 2999.00 USD");
        }
        String destination = body.hasNonNull("destinationCurrency") ? requiredText(body, "destinationCurrency") : "MXN";
        OperationAmount amount = SandboxRates.quote(send.decimalValue(), destination);
        Instant now = now();
        commands.sendAndWait(new StartLinkFlowCommand(session.linkId(), now));
        UserProfile profile = profile(session);
        Payability.currencyConflict(profile.status(), profile.paymentMethodType(), profile.paymentCountry(),
                        amount.destinationCurrency())
                .ifPresent(currency -> {
                    throw new ValidationException("destinationCurrency", "The recipient's account is paid in "
                            + currency + "; the destinationCurrency field must be " + currency);
                });
        Quotes.Quote quote = quotes.create(session.linkId(), amount, now);
        return new QuoteOffer(quote.quoteId(), amount.send(), amount.receive(), amount.rate(), amount.fee(),
                new WidgetOperation.Currency(amount.sourceCurrency(), amount.destinationCurrency()),
                quote.expiresAt());
    }

    @PostMapping(path = "/widget/api/operations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public WidgetOperation createOperation(WidgetSession session, @RequestBody JsonNode body) {
        requireObject(body);
        String quoteId = requiredText(body, "quoteId");
        Quotes.Quote quote = quotes.find(quoteId, session.linkId())
                .orElseThrow(() -> new ResourceNotFoundException("Quote not found"));
        Instant now = now();
        if (!now.isBefore(quote.expiresAt())) {
            throw new InvalidStateException("The quote has expired; ask for a new one", "quote_expired");
        }
        OperationReceipt receipt = commands.sendAndWait(new CreateOperationCommand(
                Identifiers.newOperationId(session.partnerId()), session.linkId(), quote.quoteId(), quote.amount(),
                payouts.sandboxStepDelay(), now));
        return WidgetOperation.of(receipt);
    }

    @PostMapping("/widget/api/operations/{operationId}/cancel")
    public WidgetOperation cancel(WidgetSession session, @PathVariable String operationId) {
        if (!Identifiers.isOperationIdOf(operationId, session.partnerId())) {
            throw new ResourceNotFoundException(Operation.NOT_FOUND);
        }
        try {
            OperationReceipt receipt = commands.sendAndWait(new CancelOperationCommand(operationId,
                    session.linkId(), "cancelled_by_user", now()));
            return WidgetOperation.of(receipt);
        } catch (AggregateNotFoundException unknown) {
            throw new ResourceNotFoundException(Operation.NOT_FOUND);
        }
    }

    /** Details are sent only while the link is still usable, so it is not done yet. */
    static String nextStep(UserProfile profile) {
        return WidgetStep.next(false, profile.status(), !profile.missingFields().isEmpty(),
                profile.hasPaymentMethod()).wireName();
    }

    private void requireAllowedPaymentMethod(UserData userData, PartnerSettings settings) {
        PersonalData payment = userData.values().get(UserField.PAYMENT_METHOD);
        if (payment != null && !settings.allowedPaymentMethods().contains(PaymentMethod.decode(payment.value()).type())) {
            throw new ValidationException("userData.paymentMethod.type", "The userData.paymentMethod.type field must"
                    + " be one of: " + String.join(", ", settings.allowedPaymentMethods()));
        }
    }

    private PartnerSettings settings(WidgetSession session) {
        return queries.query(new FindPartnerSettingsQuery(session.partnerId(), session.environment()),
                PartnerSettings.class).join();
    }

    private UserProfile profile(WidgetSession session) {
        return queries.query(new FindUserProfileQuery(session.userId()), UserProfile.class).join();
    }

    private static DeviceInfo deviceInfo(JsonNode node) {
        if (node == null || node.isNull()) {
            return DeviceInfo.UNKNOWN;
        }
        if (!node.isObject()) {
            throw new ValidationException("deviceInfo", "The deviceInfo field must be an object");
        }
        return new DeviceInfo(shortText(node, "userAgent"), shortText(node, "platform"), shortText(node, "language"));
    }

    /** Device info is informative: kept short so a client cannot stuff events with it. */
    private static String shortText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationException(null, "The request body must be a JSON object");
        }
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw new ValidationException(field, "The " + field + " field is required");
        }
        if (!node.isTextual() || node.asText().length() > 200) {
            throw new ValidationException(field, "The " + field + " field must be a string");
        }
        return node.asText();
    }

    private static List<String> paths(List<UserField> fields) {
        return fields.stream().map(UserField::path).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
