package com.m2m.command.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import com.m2m.domain.user.validation.Clabe;
import com.m2m.domain.user.validation.Country;
import com.m2m.domain.user.validation.DateOfBirth;
import com.m2m.domain.user.validation.IdImage;
import com.m2m.domain.user.validation.IdTypes;
import com.m2m.domain.user.validation.PersonName;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Validates a partner's {@code userData} JSON (docs/api.md "userData") and turns it into the domain's {@link UserData}.
 * <ul>
 *   <li>Every member is optional; a member whose value is JSON {@code null} counts as absent (nothing merged).</li>
 *   <li>A member the contract does not name, at any level, is refused ({@code Unknown field userData.x}), even
 *       when its value is {@code null}. A {@code cash} member next to {@code "type":"bank_account"} (or
 *       {@code bankAccount} next to {@code "type":"cash"}) is unknown too, unless it is {@code null}.</li>
 *   <li>String values are stripped of surrounding whitespace before they are validated and stored;
 *       {@code secondName}/{@code secondLastName} may be {@code ""} ("the person has none").</li>
 *   <li>Every error is a {@link ValidationException} whose field is the full JSON path, e.g.
 *       {@code userData.name.firstName}.</li>
 * </ul>
 * The parser is stateless apart from its clock ("today" for the age check) and safe to share between threads.
 */
public class UserDataParser {

    static final String ROOT = "userData";

    private static final Set<String> TOP_LEVEL = Set.of("name", "idNumber", "idType", "dob", "paymentMethod", "idImage");
    private static final Set<String> NAME = Set.of("firstName", "secondName", "lastName", "secondLastName");
    private static final Set<String> PAYMENT_METHOD = Set.of("type", "bankAccount", "cash");
    private static final Set<String> BANK_ACCOUNT = Set.of("country", "accountNumber");
    private static final Set<String> CASH = Set.of("provider", "reference");
    private static final List<String> PAYMENT_TYPES = List.of(PaymentMethod.BANK_ACCOUNT, PaymentMethod.CASH);

    private static final Pattern FOREIGN_ACCOUNT = Pattern.compile("^[A-Za-z0-9]{4,34}$");
    private static final int CASH_MAX_LENGTH = 60;

    private final Clock clock;

    public UserDataParser(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The validated fields of {@code userData}. A Java {@code null}, a missing node or JSON {@code null} means the
     * request sent no userData and gives {@link UserData#EMPTY}; any other non-object is refused.
     */
    public UserData parse(JsonNode userData) {
        if (userData == null || userData.isMissingNode() || userData.isNull()) {
            return UserData.EMPTY;
        }
        if (!userData.isObject()) {
            throw new ValidationException(ROOT, "The " + ROOT + " field must be an object");
        }
        rejectUnknown(userData, ROOT, TOP_LEVEL);
        Map<UserField, String> values = new EnumMap<>(UserField.class);

        JsonNode name = object(userData, ROOT, "name");
        if (name != null) {
            String path = ROOT + ".name";
            rejectUnknown(name, path, NAME);
            name(name, path, "firstName", false, UserField.FIRST_NAME, values);
            name(name, path, "secondName", true, UserField.SECOND_NAME, values);
            name(name, path, "lastName", false, UserField.LAST_NAME, values);
            name(name, path, "secondLastName", true, UserField.SECOND_LAST_NAME, values);
        }

        String idType = string(userData, ROOT, "idType");
        if (idType != null) {
            values.put(UserField.ID_TYPE, IdTypes.validateType(ROOT + ".idType", idType));
        }
        String idNumber = string(userData, ROOT, "idNumber");
        if (idNumber != null) {
            values.put(UserField.ID_NUMBER, IdTypes.validateNumber(ROOT + ".idNumber", idType, idNumber));
        }

        String dob = string(userData, ROOT, "dob");
        if (dob != null) {
            DateOfBirth.validate(ROOT + ".dob", dob, clock);
            values.put(UserField.DOB, dob);
        }

        JsonNode paymentMethod = object(userData, ROOT, "paymentMethod");
        if (paymentMethod != null) {
            values.put(UserField.PAYMENT_METHOD, paymentMethod(paymentMethod, ROOT + ".paymentMethod").encode());
        }

        String idImage = string(userData, ROOT, "idImage");
        if (idImage != null) {
            values.put(UserField.ID_IMAGE, IdImage.validate(ROOT + ".idImage", idImage));
        }
        return UserData.of(values);
    }

    private static void name(JsonNode name, String path, String member, boolean mayBeEmpty, UserField field,
                             Map<UserField, String> values) {
        String value = string(name, path, member);
        if (value != null) {
            values.put(field, PersonName.validate(path + "." + member, value, mayBeEmpty));
        }
    }

    private static PaymentMethod paymentMethod(JsonNode node, String path) {
        rejectUnknown(node, path, PAYMENT_METHOD);
        String type = required(node, path, "type");
        if (!PAYMENT_TYPES.contains(type)) {
            throw new ValidationException(path + ".type",
                    "The " + path + ".type field must be one of " + String.join(", ", PAYMENT_TYPES));
        }
        if (PaymentMethod.BANK_ACCOUNT.equals(type)) {
            rejectPresent(node, path, "cash");
            String bankPath = path + ".bankAccount";
            JsonNode bank = requiredObject(node, path, "bankAccount");
            rejectUnknown(bank, bankPath, BANK_ACCOUNT);
            String country = Country.validate(bankPath + ".country", required(bank, bankPath, "country"));
            String accountPath = bankPath + ".accountNumber";
            String accountNumber = required(bank, bankPath, "accountNumber");
            if (Country.MEXICO.equals(country)) {
                Clabe.validate(accountPath, accountNumber);
            } else if (!FOREIGN_ACCOUNT.matcher(accountNumber).matches()) {
                throw new ValidationException(accountPath,
                        "The " + accountPath + " field must be 4 to 34 letters or digits");
            }
            return PaymentMethod.bankAccount(country, accountNumber);
        }
        rejectPresent(node, path, "bankAccount");
        String cashPath = path + ".cash";
        JsonNode cash = requiredObject(node, path, "cash");
        rejectUnknown(cash, cashPath, CASH);
        String provider = cashText(cashPath + ".provider", required(cash, cashPath, "provider"));
        String reference = cashText(cashPath + ".reference", required(cash, cashPath, "reference"));
        return PaymentMethod.cash(provider, reference);
    }

    private static String cashText(String path, String value) {
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > CASH_MAX_LENGTH || value.contains("|")) {
            throw new ValidationException(path,
                    "The " + path + " field must be 1 to " + CASH_MAX_LENGTH + " characters without '|'");
        }
        return value;
    }

    // --- JSON access -------------------------------------------------------------------------------------------

    private static void rejectUnknown(JsonNode object, String path, Set<String> allowed) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String member = names.next();
            if (!allowed.contains(member)) {
                throw unknown(path + "." + member);
            }
        }
    }

    /** A known member that does not belong with the chosen payment type: unknown unless absent or null. */
    private static void rejectPresent(JsonNode object, String path, String member) {
        JsonNode value = object.get(member);
        if (value != null && !value.isNull()) {
            throw unknown(path + "." + member);
        }
    }

    private static ValidationException unknown(String path) {
        return new ValidationException(path, "Unknown field " + path);
    }

    /** The member as a stripped string, or null when it is absent or JSON null. */
    private static String string(JsonNode parent, String path, String member) {
        JsonNode value = member(parent, path, member, JsonNode::isTextual, "a string");
        return value == null ? null : value.asText().strip();
    }

    private static String required(JsonNode parent, String path, String member) {
        String value = string(parent, path, member);
        if (value == null) {
            throw new ValidationException(path + "." + member, "The " + path + "." + member + " field is required");
        }
        return value;
    }

    /** The member as an object, or null when it is absent or JSON null. */
    private static JsonNode object(JsonNode parent, String path, String member) {
        return member(parent, path, member, JsonNode::isObject, "an object");
    }

    /**
     * The member, or null when it is absent or JSON null.
     *
     * @throws ValidationException "The {path}.{member} field must be {kind}" when it is not of that JSON type
     */
    private static JsonNode member(JsonNode parent, String path, String member, Predicate<JsonNode> isKind,
                                   String kind) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!isKind.test(value)) {
            throw new ValidationException(path + "." + member,
                    "The " + path + "." + member + " field must be " + kind);
        }
        return value;
    }

    private static JsonNode requiredObject(JsonNode parent, String path, String member) {
        JsonNode value = object(parent, path, member);
        if (value == null) {
            throw new ValidationException(path + "." + member, "The " + path + "." + member + " field is required");
        }
        return value;
    }
}
