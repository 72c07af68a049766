package com.m2m.query.user;

import com.m2m.domain.common.Environment;
import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.link.LinkCreatedEvent;
import com.m2m.domain.link.LinkExpiredEvent;
import com.m2m.domain.link.LinkOptions;
import com.m2m.domain.link.LinkRevokedEvent;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipRequirements;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldSource;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.FindUserProfileQuery;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserProfile;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import com.m2m.query.link.LinkProjections;
import com.m2m.query.testing.QueryDatabaseTest;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserViewProjectionTest extends QueryDatabaseTest {

    private static final String REF = "user_12345";

    private final UserViewProjection users = new UserViewProjection(db.jdbc(), clock);
    private final LinkProjections links = new LinkProjections(db.jdbc(), clock, "http://localhost:8080");

    private static String userId(Tenant tenant, String referenceId) {
        return Identifiers.userId(tenant.partnerId(), tenant.environment(), referenceId);
    }

    private String createUser(Tenant tenant, String referenceId) {
        String userId = userId(tenant, referenceId);
        users.on(new UserCreatedEvent(userId, tenant.partnerId(), tenant.environment(), referenceId,
                List.copyOf(CipRequirements.DEFAULT_REQUIRED), T0));
        return userId;
    }

    private void merge(String userId, UserField field, String value, FieldSource source, Instant at) {
        users.on(new FieldMergedEvent(userId, field, source, new PersonalData(value), null, at));
    }

    /** What LinkCreationHandler emits for a link: the link for the link view, the assignment for the user view. */
    private void assignLink(Tenant tenant, String userId, String referenceId, String linkId, Instant createdAt,
                            Instant expiresAt) {
        links.on(new LinkCreatedEvent(linkId, userId, tenant.partnerId(), tenant.environment(), referenceId, "th",
                new LinkOptions(null, null, null, null, null), expiresAt, createdAt));
        users.on(new ActiveLinkAssignedEvent(userId, linkId, expiresAt, createdAt));
    }

    @Test
    void newUserIsPendingWithEveryRequiredFieldMissing() {
        String userId = createUser(ACME, REF);

        UserView view = users.findByReferenceId(ACME, REF);
        assertThat(view).isEqualTo(new UserView(userId, REF, "pending",
                List.of("name.firstName", "name.secondName", "name.lastName", "name.secondLastName", "idNumber",
                        "idType", "dob"),
                Map.of(), null, null, T0));
    }

    @Test
    void fieldsShowSourceAndTimeAndOnlyMaskedIdNumberAndPaymentMethod() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
        merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);
        merge(userId, UserField.DOB, "1990-05-15", FieldSource.PARTNER_WEBHOOK, T0.plusSeconds(5));
        merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("MX", CLABE).encode(), FieldSource.WIDGET,
                T0.plusSeconds(9));
        merge(userId, UserField.ID_IMAGE, "data:image/png;base64,iVBORw0KGgoSECRETIMAGE", FieldSource.WIDGET,
                T0.plusSeconds(9));

        Map<String, UserFieldView> fields = users.findByReferenceId(ACME, REF).fields();
        assertThat(fields.keySet()).containsExactly("name.firstName", "idNumber", "dob", "paymentMethod", "idImage");
        assertThat(fields.get("name.firstName")).isEqualTo(new UserFieldView("partner_api", T0, null));
        assertThat(fields.get("idNumber")).isEqualTo(new UserFieldView("partner_api", T0, "****RL09"));
        assertThat(fields.get("dob")).isEqualTo(new UserFieldView("partner_webhook", T0.plusSeconds(5), null));
        assertThat(fields.get("paymentMethod")).isEqualTo(new UserFieldView("widget", T0.plusSeconds(9), "****5558"));
        assertThat(fields.get("idImage").maskedValue()).isNull();

        String stored = db.everything();
        assertThat(stored).doesNotContain(ID_NUMBER, CLABE, "Juan", "1990-05-15", "SECRETIMAGE", "GAPA", "0140270");
    }

    @Test
    void aLaterWriteReplacesSourceTimeAndMask() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.WIDGET, T0);
        users.on(new FieldMergedEvent(userId, UserField.ID_NUMBER, FieldSource.PARTNER_API,
                new PersonalData("123456789"), FieldSource.WIDGET, T0.plusSeconds(30)));
        merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.cash("oxxo", "REF-0042").encode(),
                FieldSource.PARTNER_API, T0.plusSeconds(30));

        Map<String, UserFieldView> fields = users.findByReferenceId(ACME, REF).fields();
        assertThat(fields.get("idNumber")).isEqualTo(new UserFieldView("partner_api", T0.plusSeconds(30), "****6789"));
        assertThat(fields.get("paymentMethod").maskedValue()).isEqualTo("****0042");
        assertThat(db.count("user_field")).isEqualTo(2);
        assertThat(db.everything()).doesNotContain("123456789", ID_NUMBER, "REF-0042", "oxxo");
    }

    @Test
    void shortIdNumberIsMaskedWhole() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.ID_NUMBER, "AB1", FieldSource.PARTNER_API, T0);
        assertThat(users.findByReferenceId(ACME, REF).fields().get("idNumber").maskedValue()).isEqualTo("****AB1");
    }

    @Test
    void anIgnoredWriteChangesNothing() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
        UserView before = users.findByReferenceId(ACME, REF);

        users.on(new FieldUpdateIgnoredEvent(userId, UserField.FIRST_NAME, FieldSource.WIDGET,
                new PersonalData("Pedro"), FieldSource.PARTNER_API, FieldUpdateIgnoredEvent.LOWER_PRIORITY_SOURCE,
                T0.plusSeconds(60)));

        assertThat(users.findByReferenceId(ACME, REF)).isEqualTo(before);
        assertThat(db.everything()).doesNotContain("Pedro");
    }

    @Test
    void statusChangesMoveStatusMissingFieldsAndCipVerifiedAt() {
        String userId = createUser(ACME, REF);
        users.on(new UserStatusChangedEvent(userId, UserStatus.PENDING, UserStatus.DATA_INCOMPLETE,
                List.of(UserField.DOB, UserField.ID_TYPE), T0.plusSeconds(1)));
        UserView incomplete = users.findByReferenceId(ACME, REF);
        assertThat(incomplete.status()).isEqualTo("data_incomplete");
        assertThat(incomplete.missingFields()).containsExactly("dob", "idType");
        assertThat(incomplete.cipVerifiedAt()).isNull();

        users.on(new UserStatusChangedEvent(userId, UserStatus.DATA_INCOMPLETE, UserStatus.CIP_PENDING, List.of(),
                T0.plusSeconds(2)));
        users.on(new UserStatusChangedEvent(userId, UserStatus.CIP_PENDING, UserStatus.CIP_VERIFIED, List.of(),
                T0.plusSeconds(4)));
        UserView verified = users.findByReferenceId(ACME, REF);
        assertThat(verified.status()).isEqualTo("cip_verified");
        assertThat(verified.missingFields()).isEmpty();
        assertThat(verified.cipVerifiedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(verified.createdAt()).isEqualTo(T0);

        // only the missing fields moved (e.g. the partner's required set changed): still verified since T0+4
        users.on(new UserStatusChangedEvent(userId, UserStatus.CIP_VERIFIED, UserStatus.CIP_VERIFIED,
                List.of(UserField.PAYMENT_METHOD), T0.plusSeconds(8)));
        assertThat(users.findByReferenceId(ACME, REF).cipVerifiedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(users.findByReferenceId(ACME, REF).missingFields()).containsExactly("paymentMethod");

        // an identity change asks for verification again: no longer verified
        users.on(new UserStatusChangedEvent(userId, UserStatus.CIP_VERIFIED, UserStatus.DATA_COMPLETE, List.of(),
                T0.plusSeconds(10)));
        assertThat(users.findByReferenceId(ACME, REF).cipVerifiedAt()).isNull();
        assertThat(users.findByReferenceId(ACME, REF).status()).isEqualTo("data_complete");
    }

    @Test
    void activeLinkIdOnlyWhileThatLinkIsUsable() {
        String userId = createUser(ACME, REF);
        assignLink(ACME, userId, REF, "link_acme_000000000001", T0, T0.plusSeconds(3600));
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isEqualTo("link_acme_000000000001");

        clock.set(T0.plusSeconds(3599));
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isEqualTo("link_acme_000000000001");

        clock.set(T0.plusSeconds(3600)); // time is up, though no expiry was recorded yet
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isNull();

        links.on(new LinkExpiredEvent("link_acme_000000000001", userId, "acme", Environment.SANDBOX, REF,
                T0.plusSeconds(3600), T0.plusSeconds(3605)));
        clock.set(T0.plusSeconds(3700));
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isNull();

        assignLink(ACME, userId, REF, "link_acme_000000000002", T0.plusSeconds(3700), T0.plusSeconds(7300));
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isEqualTo("link_acme_000000000002");

        links.on(new LinkRevokedEvent("link_acme_000000000002", userId, "acme", Environment.SANDBOX, REF, null,
                T0.plusSeconds(3800)));
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isNull();
    }

    @Test
    void activeLinkUnknownToTheLinkViewIsNotReported() {
        String userId = createUser(ACME, REF);
        users.on(new ActiveLinkAssignedEvent(userId, "link_acme_000000000009", T0.plusSeconds(3600), T0));
        assertThat(users.findByReferenceId(ACME, REF).activeLinkId()).isNull();
    }

    @Test
    void sameReferenceInAnotherEnvironmentOrPartnerIsAnotherUser() {
        String sandbox = createUser(ACME, REF);
        merge(sandbox, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
        String live = createUser(ACME_LIVE, REF);

        assertThat(users.findByReferenceId(ACME, REF).userId()).isEqualTo(sandbox);
        assertThat(users.findByReferenceId(ACME, REF).fields()).containsOnlyKeys("name.firstName");
        assertThat(users.findByReferenceId(ACME_LIVE, REF).userId()).isEqualTo(live);
        assertThat(users.findByReferenceId(ACME_LIVE, REF).fields()).isEmpty();
        assertThatThrownBy(() -> users.findByReferenceId(OTHER, REF))
                .isInstanceOf(ResourceNotFoundException.class).hasMessage("User not found");
    }

    @Test
    void unknownOrMalformedReference() {
        assertThatThrownBy(() -> users.findByReferenceId(ACME, "nobody"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessage("User not found");
        for (String bad : List.of("has space", "x".repeat(129), "", "ümlaut")) {
            assertThatThrownBy(() -> users.findByReferenceId(ACME, bad))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("referenceId"));
        }
    }

    @Test
    void handlingEventsTwiceChangesNothing() {
        String userId = createUser(ACME, REF);
        createUser(ACME, REF);
        merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);
        merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);

        assertThat(db.count("user_view")).isEqualTo(1);
        assertThat(db.count("user_field")).isEqualTo(1);
    }

    @Test
    void widgetMasksShowNoFullPersonalValue() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
        merge(userId, UserField.SECOND_NAME, "", FieldSource.PARTNER_API, T0);
        merge(userId, UserField.LAST_NAME, "Ólafsdóttir", FieldSource.PARTNER_WEBHOOK, T0);
        merge(userId, UserField.SECOND_LAST_NAME, "García", FieldSource.WIDGET, T0);
        merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);
        merge(userId, UserField.ID_TYPE, "CURP", FieldSource.PARTNER_API, T0);
        merge(userId, UserField.DOB, "1990-05-15", FieldSource.PARTNER_API, T0);
        merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("MX", CLABE).encode(), FieldSource.WIDGET,
                T0);
        merge(userId, UserField.ID_IMAGE, "data:image/png;base64,iVBORw0KGgoSECRETIMAGE", FieldSource.WIDGET, T0);

        Map<String, WidgetFieldView> fields = users.widgetFields(userId);
        assertThat(fields).containsExactly(
                Map.entry("name.firstName", new WidgetFieldView("J***", "partner_api")),
                Map.entry("name.secondName", new WidgetFieldView("", "partner_api")),
                Map.entry("name.lastName", new WidgetFieldView("Ó***", "partner_webhook")),
                Map.entry("name.secondLastName", new WidgetFieldView("G***", "widget")),
                Map.entry("idNumber", new WidgetFieldView("****RL09", "partner_api")),
                Map.entry("idType", new WidgetFieldView("CURP", "partner_api")),
                Map.entry("dob", new WidgetFieldView("****-**-15", "partner_api")),
                Map.entry("paymentMethod", new WidgetFieldView("\u2022\u2022\u2022\u2022 5558", "widget")),
                Map.entry("idImage", new WidgetFieldView("provided", "widget")));

        assertThat(db.everything()).doesNotContain("Juan", "lafsd", "García", "arcía", ID_NUMBER, "GAPA", "1990-05",
                CLABE, "0140270", "SECRETIMAGE", "iVBOR");
    }

    @Test
    void widgetMaskForms() {
        assertThat(UserViewProjection.widgetMask(UserField.FIRST_NAME, new PersonalData("\uD801\uDC00ve")))
                .isEqualTo("\uD801\uDC00***");
        assertThat(UserViewProjection.widgetMask(UserField.ID_NUMBER, new PersonalData("123456789")))
                .isEqualTo("****6789");
        assertThat(UserViewProjection.widgetMask(UserField.ID_NUMBER, new PersonalData("AB12")))
                .isEqualTo("****");
        assertThat(UserViewProjection.widgetMask(UserField.DOB, new PersonalData("2001-12-01")))
                .isEqualTo("****-**-01");
        assertThat(UserViewProjection.widgetMask(UserField.ID_TYPE, new PersonalData("PASSPORT")))
                .isEqualTo("PASSPORT");
        assertThat(UserViewProjection.widgetMask(UserField.PAYMENT_METHOD,
                new PersonalData(PaymentMethod.cash("oxxo", "REF-0042").encode())))
                .isEqualTo("cash \u2022\u2022\u2022\u2022 0042");
        assertThat(UserViewProjection.widgetMask(UserField.ID_IMAGE, new PersonalData("data:image/jpeg;base64,x")))
                .isEqualTo("provided");
    }

    @Test
    void aLaterWriteReplacesTheWidgetMaskAndPaymentMethod() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.FIRST_NAME, "Pedro", FieldSource.WIDGET, T0);
        merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("MX", CLABE).encode(), FieldSource.WIDGET,
                T0);
        users.on(new FieldMergedEvent(userId, UserField.FIRST_NAME, FieldSource.PARTNER_API, new PersonalData("Juan"),
                FieldSource.WIDGET, T0.plusSeconds(5)));
        merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.cash("oxxo", "REF-0042").encode(),
                FieldSource.WIDGET, T0.plusSeconds(5));

        assertThat(users.widgetFields(userId)).containsExactly(
                Map.entry("name.firstName", new WidgetFieldView("J***", "partner_api")),
                Map.entry("paymentMethod", new WidgetFieldView("cash \u2022\u2022\u2022\u2022 0042", "widget")));
        UserProfile profile = users.handle(new FindUserProfileQuery(userId));
        assertThat(profile.paymentMethodType()).isEqualTo("cash");
        assertThat(profile.paymentCountry()).isNull();
        assertThat(profile.paymentLast4()).isEqualTo("0042");
        assertThat(db.everything()).doesNotContain("Pedro", "REF-0042", "oxxo", CLABE);
    }

    @Test
    void profileQueryAnswersStatusMissingFieldsAndPaymentMethod() {
        String userId = createUser(ACME, REF);
        UserProfile fresh = users.handle(new FindUserProfileQuery(userId));
        assertThat(fresh).isEqualTo(new UserProfile(userId, UserStatus.PENDING,
                List.copyOf(CipRequirements.DEFAULT_REQUIRED), null, null, null));
        assertThat(fresh.hasPaymentMethod()).isFalse();

        users.on(new UserStatusChangedEvent(userId, UserStatus.PENDING, UserStatus.DATA_INCOMPLETE,
                List.of(UserField.ID_TYPE, UserField.DOB), T0.plusSeconds(1)));
        merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("MX", CLABE).encode(),
                FieldSource.PARTNER_API, T0.plusSeconds(1));
        UserProfile incomplete = users.handle(new FindUserProfileQuery(userId));
        assertThat(incomplete).isEqualTo(new UserProfile(userId, UserStatus.DATA_INCOMPLETE,
                List.of(UserField.ID_TYPE, UserField.DOB), "bank_account", "MX", "5558"));
        assertThat(incomplete.hasPaymentMethod()).isTrue();

        users.on(new UserStatusChangedEvent(userId, UserStatus.DATA_INCOMPLETE, UserStatus.CIP_VERIFIED, List.of(),
                T0.plusSeconds(3)));
        assertThat(users.handle(new FindUserProfileQuery(userId)).status()).isEqualTo(UserStatus.CIP_VERIFIED);
        assertThat(users.handle(new FindUserProfileQuery(userId)).missingFields()).isEmpty();

        assertThatThrownBy(() -> users.handle(new FindUserProfileQuery("user_acme_unknown")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessage("User not found");
        assertThat(users.findProfile(null)).isEmpty();
    }

    @Test
    void cipVerifiedSetsCipVerifiedAt() {
        String userId = createUser(ACME, REF);
        users.on(new UserStatusChangedEvent(userId, UserStatus.PENDING, UserStatus.CIP_PENDING, List.of(),
                T0.plusSeconds(1)));
        users.on(new CipVerifiedEvent(userId, "ver_1", T0.plusSeconds(3)));
        assertThat(users.findByReferenceId(ACME, REF).cipVerifiedAt()).isEqualTo(T0.plusSeconds(3));
        users.on(new UserStatusChangedEvent(userId, UserStatus.CIP_PENDING, UserStatus.CIP_VERIFIED, List.of(),
                T0.plusSeconds(3)));
        UserView verified = users.findByReferenceId(ACME, REF);
        assertThat(verified.status()).isEqualTo("cip_verified");
        assertThat(verified.cipVerifiedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void resetEmptiesTheView() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
        users.reset();
        assertThat(db.count("user_view")).isZero();
        assertThat(db.count("user_field")).isZero();
    }

    @Test
    void aForgottenUserKeepsSourcesAndTimesButNoMaskAndStartsOverOnANewLink() {
        String userId = createUser(ACME, REF);
        merge(userId, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
        merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);
        merge(userId, UserField.PAYMENT_METHOD, com.m2m.domain.user.PaymentMethod.bankAccount("MX", CLABE).encode(),
                FieldSource.WIDGET, T0);
        String other = createUser(ACME, "other-user");
        merge(other, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);

        users.on(new com.m2m.domain.user.UserForgottenEvent(userId, "acme", Environment.SANDBOX, REF,
                T0.plusSeconds(60)));

        UserView view = users.findByReferenceId(ACME, REF);
        assertThat(view.fields()).containsOnlyKeys("name.firstName", "idNumber", "paymentMethod");
        view.fields().values().forEach(field -> assertThat(field.maskedValue())
                .isEqualTo(com.m2m.query.common.Erased.ERASED));
        assertThat(view.fields().get("idNumber").source()).isEqualTo("partner_api");
        assertThat(view.fields().get("idNumber").updatedAt()).isEqualTo(T0);
        assertThat(users.widgetFields(userId).values()).extracting(WidgetFieldView::mask)
                .containsOnly(com.m2m.query.common.Erased.ERASED);
        assertThat(users.findProfile(userId).orElseThrow().hasPaymentMethod()).isFalse();
        assertThat(users.findByReferenceId(ACME, "other-user").fields().get("idNumber").maskedValue())
                .as("other users keep their masks").isEqualTo("****RL09");
        assertThat(db.jdbc().queryForList("SELECT masked_value, widget_mask FROM user_field WHERE user_id = ?",
                userId)).allSatisfy(row -> assertThat(row.values()).containsOnlyNulls());

        users.on(new com.m2m.domain.user.UserStartedOverEvent(userId, List.copyOf(CipRequirements.DEFAULT_REQUIRED),
                T0.plusSeconds(120)));
        UserView restarted = users.findByReferenceId(ACME, REF);
        assertThat(restarted.fields()).isEmpty();
        assertThat(restarted.status()).isEqualTo("pending");
    }

    @Test
    void aValueReadAsErasedIsShownErasedWhenRebuilt() {
        String userId = createUser(ACME, REF);
        users.on(new FieldMergedEvent(userId, UserField.DOB, FieldSource.PARTNER_API, PersonalData.erasedValue(),
                null, T0));
        users.on(new FieldMergedEvent(userId, UserField.PAYMENT_METHOD, FieldSource.WIDGET,
                PersonalData.erasedValue(), null, T0));
        assertThat(users.findByReferenceId(ACME, REF).fields().get("dob").maskedValue())
                .isEqualTo(com.m2m.query.common.Erased.ERASED);
        assertThat(users.widgetFields(userId).get("paymentMethod").mask()).isEqualTo(com.m2m.query.common.Erased.ERASED);
    }

    // ---------------------------------------------------------------- one write per row per unit of work

    /** What one create link with userData records for the user, handled as a subscribing processor does. */
    private void createLinkInOneUnitOfWork(String userId, Runnable inside) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            users.on(new UserCreatedEvent(userId, ACME.partnerId(), ACME.environment(), REF,
                    List.copyOf(CipRequirements.DEFAULT_REQUIRED), T0));
            merge(userId, UserField.FIRST_NAME, "Juan", FieldSource.PARTNER_API, T0);
            merge(userId, UserField.ID_NUMBER, ID_NUMBER, FieldSource.PARTNER_API, T0);
            merge(userId, UserField.PAYMENT_METHOD, PaymentMethod.bankAccount("MX", CLABE).encode(),
                    FieldSource.PARTNER_API, T0);
            users.on(new UserStatusChangedEvent(userId, UserStatus.PENDING, UserStatus.DATA_INCOMPLETE,
                    List.of(UserField.LAST_NAME), T0));
            users.on(new ActiveLinkAssignedEvent(userId, "link_acme_000000000001", T0.plusSeconds(3600), T0));
            inside.run();
        });
    }

    @Test
    void theEventsOfOneUnitOfWorkAreWrittenOnceWhenItCommits() {
        String userId = userId(ACME, REF);
        createLinkInOneUnitOfWork(userId, () -> assertThat(db.count("user_view") + db.count("user_field"))
                .as("nothing is written before the unit of work commits").isZero());

        assertThat(users.findProfile(userId)).contains(new UserProfile(userId, UserStatus.DATA_INCOMPLETE,
                List.of(UserField.LAST_NAME), PaymentMethod.BANK_ACCOUNT, "MX", "5558"));
        Map<String, UserFieldView> fields = users.findByReferenceId(ACME, REF).fields();
        assertThat(fields.keySet()).containsExactly("name.firstName", "idNumber", "paymentMethod");
        assertThat(fields.get("idNumber")).isEqualTo(new UserFieldView("partner_api", T0, "****RL09"));
        assertThat(db.jdbc().queryForObject("SELECT active_link_id FROM user_view WHERE user_id = ?", String.class,
                userId)).isEqualTo("link_acme_000000000001");
    }

    @Test
    void aUnitOfWorkReplayedWithoutResetEndsInTheSameRows() {
        String userId = userId(ACME, REF);
        createLinkInOneUnitOfWork(userId, () -> { });
        String first = db.everything();

        createLinkInOneUnitOfWork(userId, () -> { });

        assertThat(db.everything()).isEqualTo(first);
        assertThat(db.count("user_view")).isEqualTo(1);
        assertThat(db.count("user_field")).isEqualTo(3);
    }
}
