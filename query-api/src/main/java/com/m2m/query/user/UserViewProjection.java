package com.m2m.query.user;

import com.m2m.domain.common.Identifiers;
import com.m2m.domain.common.ResourceNotFoundException;
import com.m2m.domain.common.Tenant;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.user.ActiveLinkAssignedEvent;
import com.m2m.domain.user.CipVerifiedEvent;
import com.m2m.domain.user.FieldMergedEvent;
import com.m2m.domain.user.FieldUpdateIgnoredEvent;
import com.m2m.domain.user.FindUserProfileQuery;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.PersonalData;
import com.m2m.domain.user.UserCreatedEvent;
import com.m2m.domain.user.UserForgottenEvent;
import com.m2m.domain.user.UserStartedOverEvent;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.UserProfile;
import com.m2m.domain.user.UserStatus;
import com.m2m.domain.user.UserStatusChangedEvent;
import com.m2m.query.common.Erased;
import com.m2m.query.common.JsonText;
import com.m2m.query.link.LinkViewProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static com.m2m.query.common.Db.instant;
import static com.m2m.query.common.Db.ts;

/**
 * Read model of users (table {@code user_view}) and of who wrote each of their fields (table {@code user_field}).
 *
 * <p><b>No personal data.</b> Field values are never stored: {@code user_field} keeps the source and time of the
 * last write, for {@code idNumber} and {@code paymentMethod} the partner-facing masked form ({@code ****} + last four
 * characters of the id number, of the account number or of the cash reference), and the widget mask below.
 *
 * <p><b>Widget masks.</b> Per field, {@code widget_mask} keeps the form the widget shows the end user for a value
 * already known, computed when the value is merged ({@link #widgetMask}): names {@code J***}, id number
 * {@code ****RL09}, date of birth {@code ****-**-15}, id type as is (it is not personal), payment method
 * {@code •••• 5558} / {@code cash •••• 0042}, id image {@code provided}. {@code user_view} keeps the payment method's
 * type, country and last four characters (never the account). These serve the widget state and
 * {@link FindUserProfileQuery}.
 *
 * <p><b>Forgotten users.</b> After {@link UserForgottenEvent} (or when a merged value reads as erased, as it does
 * when the projection is rebuilt after the user's key was deleted), a field row keeps its source and time but no
 * mask ({@code erased}), and the views show {@code {"erased": true}} for it. {@link UserStartedOverEvent} (a new
 * link for a forgotten user) clears the fields: the user starts over.
 *
 * <p>{@code activeLinkId} is answered only while that link is usable now (read from the link-view table).
 * Handlers are safe to run twice for one event.
 */
@Component
@ProcessingGroup(UserViewProjection.PROCESSING_GROUP)
public class UserViewProjection {

    public static final String PROCESSING_GROUP = "user-view";

    /** The widget mask of an id image: only that one was provided. */
    public static final String ID_IMAGE_PROVIDED = "provided";

    private static final String MASK = "****";
    private static final String DOTS = "\u2022\u2022\u2022\u2022";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public UserViewProjection(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- events

    @EventHandler
    public void on(UserCreatedEvent event) {
        PendingUser user = pending(event.userId());
        user.insert = new Object[]{event.userId(), event.partnerId(), event.environment().wireName(),
                event.referenceId(), UserStatus.PENDING.wireName(), paths(event.requiredFields()),
                ts(event.createdAt()), ts(event.createdAt())};
        flushUnlessBuffered();
    }

    @EventHandler
    public void on(FieldMergedEvent event) {
        boolean erased = event.value().erased();
        String masked = erased ? null : masked(event.field(), event.value());
        String widgetMask = erased ? null : widgetMask(event.field(), event.value());
        PendingUser user = pending(event.userId());
        user.fields.put(event.field().path(),
                new Object[]{event.source().wireName(), ts(event.at()), masked, widgetMask, erased});
        if (event.field() == UserField.PAYMENT_METHOD && erased) {
            user.set("payment_method_type", null);
            user.set("payment_country", null);
            user.set("payment_last4", null);
        } else if (event.field() == UserField.PAYMENT_METHOD) {
            PaymentMethod method = PaymentMethod.decode(event.value().value());
            user.set("payment_method_type", method.type());
            user.set("payment_country", method.country());
            user.set("payment_last4", method.last4());
        }
        user.set("updated_at", ts(event.at()));
        flushUnlessBuffered();
    }

    /** A write that lost to a higher-priority source changes nothing a partner sees. */
    @EventHandler
    public void on(FieldUpdateIgnoredEvent event) {
        // deliberately no change: the stored value, its source and its time stay as they are
    }

    /**
     * Status and missing fields as evaluated. {@code cip_verified_at} is set when the user becomes
     * {@code cip_verified}, kept while it stays so, and cleared when it leaves that state (e.g. an identity field
     * changed and verification must run again).
     */
    @EventHandler
    public void on(UserStatusChangedEvent event) {
        boolean verified = event.status() == UserStatus.CIP_VERIFIED;
        boolean stillVerified = verified && event.previousStatus() == UserStatus.CIP_VERIFIED;
        PendingUser user = pending(event.userId());
        user.set("status", event.status().wireName());
        user.set("missing_fields", paths(event.missingFields()));
        if (stillVerified) {
            user.keepOrSet("cip_verified_at", ts(event.at()));
        } else {
            user.set("cip_verified_at", verified ? ts(event.at()) : null);
        }
        user.set("updated_at", ts(event.at()));
        flushUnlessBuffered();
    }

    /**
     * Verification succeeded: {@code cip_verified_at}. (The status itself moves with the
     * {@link UserStatusChangedEvent} the aggregate records alongside.)
     */
    @EventHandler
    public void on(CipVerifiedEvent event) {
        PendingUser user = pending(event.userId());
        user.set("cip_verified_at", ts(event.at()));
        user.set("updated_at", ts(event.at()));
        flushUnlessBuffered();
    }

    /** Every mask of the user goes; sources, times and the status stay. */
    @EventHandler
    public void on(UserForgottenEvent event) {
        flushUser(event.userId()); // these statements act on every stored row of the user: store the pending first
        jdbc.update("UPDATE user_field SET masked_value = NULL, widget_mask = NULL, erased = TRUE WHERE user_id = ?",
                event.userId());
        jdbc.update("UPDATE user_view SET erased = TRUE, payment_method_type = NULL, payment_country = NULL,"
                + " payment_last4 = NULL, updated_at = ? WHERE user_id = ?", ts(event.at()), event.userId());
    }

    /** A new link for a forgotten user: nothing is known any more, verification is required again. */
    @EventHandler
    public void on(UserStartedOverEvent event) {
        flushUser(event.userId());
        jdbc.update("DELETE FROM user_field WHERE user_id = ?", event.userId());
        jdbc.update("UPDATE user_view SET status = ?, missing_fields = ?, cip_verified_at = NULL, erased = FALSE,"
                        + " payment_method_type = NULL, payment_country = NULL, payment_last4 = NULL,"
                        + " updated_at = ? WHERE user_id = ?",
                UserStatus.PENDING.wireName(), paths(event.requiredFields()), ts(event.at()), event.userId());
    }

    @EventHandler
    public void on(ActiveLinkAssignedEvent event) {
        PendingUser user = pending(event.userId());
        user.set("active_link_id", event.linkId());
        user.set("updated_at", ts(event.at()));
        flushUnlessBuffered();
    }

    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM user_field");
        jdbc.update("DELETE FROM user_view");
    }

    // ---------------------------------------------------------------- one write per row per unit of work

    /**
     * What the events of the current unit of work change, per user, written when it prepares to commit: one
     * create link records up to a dozen user events (created, a field each, status, active link), and writing each
     * as it comes meant an insert and up to eleven updates of one {@code user_view} row, and an update-then-insert
     * per field. Coalesced, the row is written once and the fields in one batch. A subscribing processor handles
     * all events of a command in one unit of work, still inside the command's transaction, so the rows are
     * written before it commits and before the next processor runs. Outside a unit of work (direct calls) every
     * handler writes at once.
     */
    private final class PendingWrites {
        private final Map<String, PendingUser> users = new LinkedHashMap<>();

        void flush() {
            users.values().forEach(UserViewProjection.this::write);
            users.clear();
        }
    }

    /** A cip_verified_at that keeps the stored value when there is one ({@code COALESCE}). */
    private record KeepStored(Object value) {
    }

    private static final class PendingUser {
        private final String userId;
        /** user_id, partner_id, environment, reference_id, status, missing_fields, created_at, updated_at */
        private Object[] insert;
        private final Map<String, Object> sets = new LinkedHashMap<>();
        /** field path → source, updated_at, masked_value, widget_mask, erased */
        private final Map<String, Object[]> fields = new LinkedHashMap<>();

        PendingUser(String userId) {
            this.userId = userId;
        }

        void set(String column, Object value) {
            sets.put(column, value);
        }

        /** {@code column = COALESCE(column, value)}, resolved here when the column's value is already known. */
        void keepOrSet(String column, Object value) {
            if (sets.containsKey(column)) {
                Object known = sets.get(column);
                sets.put(column, known == null ? value : known);
            } else if (insert != null) {
                sets.put(column, value); // inserted without one in this unit of work
            } else {
                sets.put(column, new KeepStored(value));
            }
        }
    }

    private final String pendingResource = UserViewProjection.class.getName() + ".pending@" + System.identityHashCode(this);
    /** Outside a unit of work: this thread's writes of the handler running now, written when it ends. */
    private final ThreadLocal<PendingWrites> immediate = ThreadLocal.withInitial(() -> new PendingWrites());

    private PendingUser pending(String userId) {
        return pendingWrites().users.computeIfAbsent(userId, PendingUser::new);
    }

    private PendingWrites pendingWrites() {
        if (!CurrentUnitOfWork.isStarted()) {
            return immediate.get();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        return unitOfWork.getOrComputeResource(pendingResource, key -> {
            PendingWrites writes = new PendingWrites();
            unitOfWork.onPrepareCommit(u -> writes.flush());
            return writes;
        });
    }

    private void flushUnlessBuffered() {
        if (!CurrentUnitOfWork.isStarted()) {
            immediate.get().flush();
        }
    }

    private void flushUser(String userId) {
        PendingWrites writes = pendingWrites();
        PendingUser user = writes.users.remove(userId);
        if (user != null) {
            write(user);
        }
    }

    private void write(PendingUser user) {
        boolean inserted = false;
        if (user.insert != null) {
            // Safe to run twice: on a replay without reset the row is there, the insert does nothing and the
            // changes of this unit of work are applied to it as an update.
            Map<String, Object> values = new LinkedHashMap<>();
            String[] columns = {"user_id", "partner_id", "environment", "reference_id", "status", "missing_fields",
                    "created_at", "updated_at"};
            for (int i = 0; i < columns.length; i++) {
                values.put(columns[i], user.insert[i]);
            }
            user.sets.forEach((column, value) -> values.put(column,
                    value instanceof KeepStored keep ? keep.value() : value));
            inserted = jdbc.update("INSERT INTO user_view (" + String.join(", ", values.keySet()) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(values.size(), "?"))
                    + ") ON CONFLICT DO NOTHING", values.values().toArray()) > 0;
        }
        if (!inserted && !user.sets.isEmpty()) {
            List<String> assignments = new java.util.ArrayList<>();
            List<Object> args = new java.util.ArrayList<>();
            user.sets.forEach((column, value) -> {
                if (value instanceof KeepStored keep) {
                    assignments.add(column + " = COALESCE(" + column + ", ?)");
                    args.add(keep.value());
                } else {
                    assignments.add(column + " = ?");
                    args.add(value);
                }
            });
            args.add(user.userId);
            jdbc.update("UPDATE user_view SET " + String.join(", ", assignments) + " WHERE user_id = ?",
                    args.toArray());
        }
        if (user.fields.isEmpty()) {
            return;
        }
        String insert = "INSERT INTO user_field (source, updated_at, masked_value, widget_mask, erased, user_id,"
                + " field) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        String update = "UPDATE user_field SET source = ?, updated_at = ?, masked_value = ?, widget_mask = ?,"
                + " erased = ? WHERE user_id = ? AND field = ?";
        List<Object[]> rows = user.fields.entrySet().stream()
                .map(field -> new Object[]{field.getValue()[0], field.getValue()[1], field.getValue()[2],
                        field.getValue()[3], field.getValue()[4], user.userId, field.getKey()})
                .toList();
        // A user inserted just now has no fields yet: insert them; else most fields exist: update them. Either way
        // the rows the first batch did not touch go through the other statement.
        List<Object[]> rest = batch(inserted ? insert : update, rows);
        if (!rest.isEmpty()) {
            batch(inserted ? update : insert, rest);
        }
    }

    /** @return the rows the statement changed nothing for */
    private List<Object[]> batch(String sql, List<Object[]> rows) {
        int[] counts = jdbc.batchUpdate(sql, rows);
        List<Object[]> untouched = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (counts[i] == 0) {
                untouched.add(rows.get(i));
            }
        }
        return untouched;
    }

    /** The only trace of a value the read model keeps: {@code ****} + last four, for two fields; else null. */
    static String masked(UserField field, PersonalData value) {
        return switch (field) {
            case ID_NUMBER -> MASK + last4(value.value());
            case PAYMENT_METHOD -> MASK + PaymentMethod.decode(value.value()).last4();
            default -> null;
        };
    }

    private static String last4(String value) {
        return value.length() <= 4 ? value : value.substring(value.length() - 4);
    }

    /**
     * What the widget may show of a known value: never the whole of a personal value. Names: the first letter and
     * {@code ***} ({@code ""}, "has none", stays {@code ""}); id number: {@code ****} and the last four (only
     * {@code ****} when it is not longer than four); date of birth: {@code ****-**-} and the day; id type: the value
     * (a document kind, not personal); payment method: {@code •••• } and the account's last four, {@code cash •••• }
     * and the reference's last four for cash; id image: {@code provided}.
     */
    public static String widgetMask(UserField field, PersonalData value) {
        String raw = value.value();
        return switch (field) {
            case FIRST_NAME, SECOND_NAME, LAST_NAME, SECOND_LAST_NAME -> raw.isEmpty()
                    ? "" : raw.substring(0, raw.offsetByCodePoints(0, 1)) + "***";
            case ID_NUMBER -> MASK + tail4(raw);
            case DOB -> raw.length() == 10 && raw.charAt(7) == '-' ? "****-**-" + raw.substring(8) : "****-**-**";
            case ID_TYPE -> raw;
            case PAYMENT_METHOD -> {
                PaymentMethod method = PaymentMethod.decode(raw);
                String number = PaymentMethod.BANK_ACCOUNT.equals(method.type())
                        ? method.accountNumber() : method.reference();
                String tail = number == null ? "" : tail4(number);
                String masked = tail.isEmpty() ? DOTS : DOTS + " " + tail;
                yield PaymentMethod.CASH.equals(method.type()) ? "cash " + masked : masked;
            }
            case ID_IMAGE -> ID_IMAGE_PROVIDED;
        };
    }

    /** The last four characters, or nothing when that would be the whole value. */
    private static String tail4(String value) {
        return value.length() <= 4 ? "" : value.substring(value.length() - 4);
    }

    private static String paths(List<UserField> fields) {
        return JsonText.write(fields.stream().map(UserField::path).toList());
    }

    // ---------------------------------------------------------------- queries

    /**
     * {@code GET /partner/users/{referenceId}} for the calling tenant.
     *
     * @throws ValidationException       (field {@code referenceId}) when the reference id is malformed
     * @throws ResourceNotFoundException when the tenant has no such user
     */
    public UserView findByReferenceId(Tenant tenant, String referenceId) {
        Identifiers.requireReferenceId("referenceId", referenceId);
        Instant now = clock.instant();
        UserView user = jdbc.query("SELECT u.user_id, u.reference_id, u.status, u.missing_fields,"
                                + " u.cip_verified_at, u.created_at, l.link_id AS active_link_id"
                                + " FROM user_view u LEFT JOIN link_view l ON l.link_id = u.active_link_id AND "
                                + LinkViewProjection.activeNowCondition("l")
                                + " WHERE u.partner_id = ? AND u.environment = ? AND u.reference_id = ?",
                        (rs, row) -> new UserView(rs.getString("user_id"), rs.getString("reference_id"),
                                rs.getString("status"), JsonText.readStringList(rs.getString("missing_fields")),
                                Map.of(), rs.getString("active_link_id"), instant(rs, "cip_verified_at"),
                                instant(rs, "created_at")),
                        ts(now), tenant.partnerId(), tenant.environment().wireName(), referenceId)
                .stream().findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("User not found"));
        return new UserView(user.userId(), user.referenceId(), user.status(), user.missingFields(),
                fields(user.userId()), user.activeLinkId(), user.cipVerifiedAt(), user.createdAt());
    }

    /**
     * The user's CIP state and payout destination (for the command side and the widget).
     *
     * @throws ResourceNotFoundException "User not found" when the user is unknown
     */
    @QueryHandler
    public UserProfile handle(FindUserProfileQuery query) {
        return findProfile(query.userId()).orElseThrow(() -> new ResourceNotFoundException("User not found"));
    }

    /** {@link #handle(FindUserProfileQuery)} without the exception: empty when the user is unknown. */
    public Optional<UserProfile> findProfile(String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT user_id, status, missing_fields, payment_method_type, payment_country,"
                                + " payment_last4 FROM user_view WHERE user_id = ?",
                        (rs, row) -> new UserProfile(rs.getString("user_id"), statusOf(rs.getString("status")),
                                JsonText.readStringList(rs.getString("missing_fields")).stream()
                                        .map(UserField::byPath).flatMap(Optional::stream).toList(),
                                rs.getString("payment_method_type"), rs.getString("payment_country"),
                                rs.getString("payment_last4")),
                        userId)
                .stream().findFirst();
    }

    /**
     * The widget masks of every field the user has, keyed by field path in the order of {@link UserField}, each
     * with the source that wrote it (so the widget can show a partner's value read-only). A field written before
     * masks were kept (no mask until the projection is rebuilt) is left out.
     */
    public Map<String, WidgetFieldView> widgetFields(String userId) {
        record Row(String path, WidgetFieldView view) {
        }
        List<Row> rows = jdbc.query("SELECT field, source, widget_mask, erased FROM user_field WHERE user_id = ?",
                (rs, row) -> new Row(rs.getString("field"), new WidgetFieldView(
                        rs.getBoolean("erased") ? Erased.ERASED : rs.getString("widget_mask"),
                        rs.getString("source"))),
                userId);
        Map<String, WidgetFieldView> fields = new LinkedHashMap<>();
        rows.stream()
                .filter(row -> row.view().mask() != null)
                .sorted(Comparator.comparingInt((Row row) -> UserField.byPath(row.path())
                        .map(Enum::ordinal).orElse(Integer.MAX_VALUE)).thenComparing(Row::path))
                .forEach(row -> fields.put(row.path(), row.view()));
        return fields;
    }

    private static UserStatus statusOf(String wireName) {
        return Arrays.stream(UserStatus.values())
                .filter(status -> Objects.equals(status.wireName(), wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown stored user status " + wireName));
    }

    private Map<String, UserFieldView> fields(String userId) {
        record Row(String path, UserFieldView view) {
        }
        List<Row> rows = jdbc.query("SELECT field, source, updated_at, masked_value, erased FROM user_field"
                        + " WHERE user_id = ?",
                (rs, row) -> new Row(rs.getString("field"), new UserFieldView(rs.getString("source"),
                        instant(rs, "updated_at"),
                        rs.getBoolean("erased") ? Erased.ERASED : rs.getString("masked_value"))),
                userId);
        Map<String, UserFieldView> fields = new LinkedHashMap<>();
        rows.stream()
                .sorted(Comparator.comparingInt((Row row) -> UserField.byPath(row.path())
                        .map(Enum::ordinal).orElse(Integer.MAX_VALUE)).thenComparing(Row::path))
                .forEach(row -> fields.put(row.path(), row.view()));
        return fields;
    }
}
