package com.m2m.command.userdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.m2m.domain.common.ValidationException;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.UserData;
import com.m2m.domain.user.UserField;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class UserDataParserTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-10T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PNG = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    /** What the full contract example parses to; the whitespace test pads the same values, less the second names. */
    private static final Map<UserField, String> FULL_EXAMPLE = Map.of(
            UserField.FIRST_NAME, "Juan",
            UserField.SECOND_NAME, "Carlos",
            UserField.LAST_NAME, "Pérez",
            UserField.SECOND_LAST_NAME, "García",
            UserField.ID_NUMBER, "GAPA900515HDFRRL09",
            UserField.ID_TYPE, "CURP",
            UserField.DOB, "1990-05-15",
            UserField.PAYMENT_METHOD, "bank_account|MX|014027000005555558",
            UserField.ID_IMAGE, PNG);

    private final UserDataParser parser = new UserDataParser(CLOCK);

    // --- accepted ------------------------------------------------------------------------------------------------

    @Test
    void parsesTheFullContractExample() {
        UserData data = parse("""
                {
                  "name": {"firstName": "Juan", "secondName": "Carlos", "lastName": "Pérez", "secondLastName": "García"},
                  "idNumber": "GAPA900515HDFRRL09",
                  "idType": "CURP",
                  "dob": "1990-05-15",
                  "paymentMethod": {"type": "bank_account", "bankAccount": {"country": "MX", "accountNumber": "014027000005555558"}},
                  "idImage": "%s"
                }""".formatted(PNG));

        assertThat(plain(data)).isEqualTo(FULL_EXAMPLE);
        assertThat(PaymentMethod.decode(plain(data).get(UserField.PAYMENT_METHOD)))
                .isEqualTo(PaymentMethod.bankAccount("MX", "014027000005555558"));
    }

    @Test
    void parsesTheSeedDataRequestAnswerWithAnIdNumberButNoIdType() {
        UserData data = parse("""
                {"name": {"secondName": "Carlos"}, "idNumber": "GALO900515", "dob": "1990-05-15"}""");
        assertThat(plain(data)).containsOnly(
                entry(UserField.SECOND_NAME, "Carlos"),
                entry(UserField.ID_NUMBER, "GALO900515"),
                entry(UserField.DOB, "1990-05-15"));
    }

    @Test
    void parsesACashPaymentMethod() {
        UserData data = parse("""
                {"paymentMethod": {"type": "cash", "cash": {"provider": " OXXO ", "reference": "REF-0001 2345"}}}""");
        assertThat(plain(data)).containsOnly(entry(UserField.PAYMENT_METHOD, "cash|OXXO|REF-0001 2345"));
        assertThat(PaymentMethod.decode(plain(data).get(UserField.PAYMENT_METHOD)))
                .isEqualTo(PaymentMethod.cash("OXXO", "REF-0001 2345"));
    }

    @Test
    void parsesAForeignBankAccount() {
        UserData data = parse("""
                {"paymentMethod": {"type": "bank_account", "bankAccount": {"country": "US", "accountNumber": "000123456789"}}}""");
        assertThat(plain(data)).containsOnly(entry(UserField.PAYMENT_METHOD, "bank_account|US|000123456789"));
    }

    @Test
    void anEmptyObjectGivesNoFields() {
        assertThat(parse("{}").isEmpty()).isTrue();
        assertThat(parse("{\"name\": {}}").isEmpty()).isTrue();
    }

    @Test
    void absentUserDataGivesNoFields() {
        assertThat(parser.parse(null)).isEqualTo(UserData.EMPTY);
        assertThat(parser.parse(MissingNode.getInstance())).isEqualTo(UserData.EMPTY);
        assertThat(parser.parse(NullNode.getInstance())).isEqualTo(UserData.EMPTY);
    }

    @Test
    void nullMembersCountAsAbsent() {
        UserData data = parse("""
                {"name": {"firstName": "Juan", "secondName": null, "lastName": null, "secondLastName": null},
                 "idNumber": null, "idType": null, "dob": null, "paymentMethod": null, "idImage": null}""");
        assertThat(plain(data)).containsOnly(entry(UserField.FIRST_NAME, "Juan"));
        assertThat(parse("{\"name\": null}").isEmpty()).isTrue();
    }

    @Test
    void aNullMemberOfTheOtherPaymentTypeIsIgnored() {
        UserData data = parse("""
                {"paymentMethod": {"type": "cash", "bankAccount": null, "cash": {"provider": "OXXO", "reference": "1"}}}""");
        assertThat(plain(data)).containsOnly(entry(UserField.PAYMENT_METHOD, "cash|OXXO|1"));
    }

    @Test
    void trimsSurroundingWhitespace() {
        UserData data = parse("""
                {"name": {"firstName": "  Juan\\t", "lastName": "\\n Pérez "},
                 "idType": " CURP ", "idNumber": " GAPA900515HDFRRL09 ", "dob": " 1990-05-15 ",
                 "paymentMethod": {"type": " bank_account ", "bankAccount": {"country": " MX ", "accountNumber": " 014027000005555558 "}},
                 "idImage": "  %s  "}""".formatted(PNG));
        Map<UserField, String> withoutSecondNames = new EnumMap<>(FULL_EXAMPLE);
        withoutSecondNames.remove(UserField.SECOND_NAME);
        withoutSecondNames.remove(UserField.SECOND_LAST_NAME);
        assertThat(plain(data)).isEqualTo(withoutSecondNames);
    }

    @Test
    void emptySecondNamesAreKeptAsHasNone() {
        UserData data = parse("""
                {"name": {"firstName": "Juan", "secondName": "", "lastName": "Pérez", "secondLastName": ""}}""");
        assertThat(plain(data)).containsOnly(
                entry(UserField.FIRST_NAME, "Juan"),
                entry(UserField.SECOND_NAME, ""),
                entry(UserField.LAST_NAME, "Pérez"),
                entry(UserField.SECOND_LAST_NAME, ""));
    }

    @Test
    void blankSecondNamesAlsoMeanHasNone() {
        // Whitespace is trimmed first, so "   " is the same as "".
        UserData data = parse("{\"name\": {\"secondName\": \"   \", \"secondLastName\": \" \"}}");
        assertThat(plain(data)).containsOnly(entry(UserField.SECOND_NAME, ""), entry(UserField.SECOND_LAST_NAME, ""));
    }

    @Test
    void acceptsNamesInAnyScript() {
        UserData data = parse("{\"name\": {\"firstName\": \"Иван\", \"lastName\": \"O'Brien-Núñez\"}}");
        assertThat(plain(data)).containsOnly(
                entry(UserField.FIRST_NAME, "Иван"), entry(UserField.LAST_NAME, "O'Brien-Núñez"));
    }

    @Test
    void theResultNeverPrintsPersonalData() {
        assertThat(parse("{\"name\": {\"firstName\": \"Juan\"}}").toString()).doesNotContain("Juan");
    }

    // --- the userData value itself -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"Juan\"", "42", "true", "[{\"name\": {}}]"})
    void userDataMustBeAnObject(String json) {
        assertError(() -> parse(json), "userData", "The userData field must be an object");
    }

    // --- unknown members -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"nickname\": \"JJ\"}                                                         | userData.nickname",
            "{\"nickname\": null}                                                           | userData.nickname",
            "{\"Name\": {}}                                                                 | userData.Name",
            "{\"email\": \"a@b.c\", \"name\": {}}                                           | userData.email",
            "{\"name\": {\"middleName\": \"X\"}}                                            | userData.name.middleName",
            "{\"name\": {\"firstName\": \"Juan\", \"title\": \"Dr\"}}                       | userData.name.title",
            "{\"paymentMethod\": {\"type\": \"cash\", \"iban\": \"X\"}}                     | userData.paymentMethod.iban",
            "{\"paymentMethod\": {\"type\": \"bank_account\", \"bankAccount\": {\"country\": \"MX\", \"accountNumber\": \"014027000005555558\", \"bank\": \"BBVA\"}}} | userData.paymentMethod.bankAccount.bank",
            "{\"paymentMethod\": {\"type\": \"cash\", \"cash\": {\"provider\": \"OXXO\", \"reference\": \"1\", \"store\": 5}}} | userData.paymentMethod.cash.store",
            "{\"paymentMethod\": {\"type\": \"bank_account\", \"bankAccount\": {\"country\": \"MX\", \"accountNumber\": \"014027000005555558\"}, \"cash\": {}}} | userData.paymentMethod.cash",
            "{\"paymentMethod\": {\"type\": \"cash\", \"cash\": {\"provider\": \"OXXO\", \"reference\": \"1\"}, \"bankAccount\": {}}} | userData.paymentMethod.bankAccount",
    })
    void rejectsUnknownMembersAtEveryLevel(String json, String path) {
        assertError(() -> parse(json), path, "Unknown field " + path);
    }

    // --- wrong JSON types ----------------------------------------------------------------------------------------

    /** A member of the wrong JSON type is refused, naming its path and the type it must have. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"dob\": 19900515}                                  | userData.dob | a string",
            "{\"idNumber\": 123456789}                            | userData.idNumber | a string",
            "{\"idType\": [\"CURP\"]}                             | userData.idType | a string",
            "{\"idImage\": {}}                                    | userData.idImage | a string",
            "{\"name\": {\"firstName\": true}}                    | userData.name.firstName | a string",
            "{\"name\": {\"secondLastName\": 0}}                  | userData.name.secondLastName | a string",
            "{\"paymentMethod\": {\"type\": 1}}                   | userData.paymentMethod.type | a string",
            "{\"paymentMethod\": {\"type\": \"bank_account\", \"bankAccount\": {\"country\": \"MX\", \"accountNumber\": 14027000005555558}}} | userData.paymentMethod.bankAccount.accountNumber | a string",
            "{\"paymentMethod\": {\"type\": \"cash\", \"cash\": {\"provider\": \"OXXO\", \"reference\": 42}}} | userData.paymentMethod.cash.reference | a string",
            "{\"name\": \"Juan Pérez\"}                                         | userData.name | an object",
            "{\"name\": []}                                                     | userData.name | an object",
            "{\"paymentMethod\": \"bank_account\"}                              | userData.paymentMethod | an object",
            "{\"paymentMethod\": {\"type\": \"bank_account\", \"bankAccount\": \"014027000005555558\"}} | userData.paymentMethod.bankAccount | an object",
            "{\"paymentMethod\": {\"type\": \"cash\", \"cash\": [\"OXXO\"]}}    | userData.paymentMethod.cash | an object",
    })
    void membersMustHaveTheirJsonType(String json, String path, String type) {
        assertError(() -> parse(json), path, "The " + path + " field must be " + type);
    }

    // --- field rules, each error naming its full path ------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "firstName      | '   '",
            "firstName      | ''",
            "lastName       | Pérez2",
            "lastName       | ''",
            "secondName     | J@n",
            "secondLastName | 'García_'",
    })
    void rejectsInvalidNames(String member, String value) {
        String path = "userData.name." + member;
        assertThatThrownBy(() -> parse("{\"name\": {\"" + member + "\": \"" + value + "\"}}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith("The " + path + " field must be 1 to 60 letters");
                });
    }

    @Test
    void rejectsANameOverSixtyCharacters() {
        assertError(() -> parse("{\"name\": {\"firstName\": \"" + "a".repeat(61) + "\"}}"),
                "userData.name.firstName", null);
        assertThat(plain(parse("{\"name\": {\"firstName\": \"" + "a".repeat(60) + "\"}}")))
                .containsKey(UserField.FIRST_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-30", "1990-5-15", "15/05/1990", "2027-01-01", "2026-02-10", ""})
    void rejectsDobThatIsNotARealPastDate(String dob) {
        assertError(() -> parse("{\"dob\": \"" + dob + "\"}"), "userData.dob",
                "The userData.dob field must be a real date in the past (YYYY-MM-DD)");
    }

    @Test
    void rejectsAMinorAndAcceptsSomeoneTurningEighteenToday() {
        assertError(() -> parse("{\"dob\": \"2008-02-11\"}"), "userData.dob",
                "The userData.dob field: the user must be at least 18 years old");
        assertThat(plain(parse("{\"dob\": \"2008-02-10\"}"))).containsOnly(entry(UserField.DOB, "2008-02-10"));
    }

    @Test
    void rejectsDobBefore1900() {
        assertError(() -> parse("{\"dob\": \"1899-12-31\"}"), "userData.dob",
                "The userData.dob field must not be before 1900-01-01");
    }

    @Test
    void rejectsAnUnknownIdType() {
        assertError(() -> parse("{\"idType\": \"curp\"}"), "userData.idType",
                "The userData.idType field must be one of CURP, INE, PASSPORT, SSN, ITIN, MATRICULA_CONSULAR");
    }

    @ParameterizedTest
    @CsvSource({
            "CURP, GALO900515",
            "SSN, 123-45-6789",
            "ITIN, 12345678",
            "INE, AB",
            "PASSPORT, G1234 5678"})
    void rejectsAnIdNumberThatDoesNotFitTheIdType(String type, String number) {
        assertError(() -> parse("{\"idType\": \"" + type + "\", \"idNumber\": \"" + number + "\"}"),
                "userData.idNumber", null);
    }

    @Test
    void anIdNumberWithoutIdTypeFollowsTheGenericRule() {
        assertThat(plain(parse("{\"idNumber\": \"123-45-6789\"}"))).containsOnly(entry(UserField.ID_NUMBER, "123-45-6789"));
        assertError(() -> parse("{\"idNumber\": \"GALO 900515\"}"), "userData.idNumber",
                "The userData.idNumber field must be 4 to 40 letters, digits or hyphens");
    }

    @Test
    void anInvalidIdTypeIsReportedBeforeTheIdNumber() {
        assertError(() -> parse("{\"idNumber\": \"x\", \"idType\": \"RFC\"}"), "userData.idType", null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:image/gif;base64,R0lGODlhAQABAAAAACw=", "data:image/png;base64,***", "http://x/y.png"})
    void rejectsAnInvalidIdImage(String uri) {
        assertError(() -> parse("{\"idImage\": \"" + uri + "\"}"), "userData.idImage", null);
    }

    @Test
    void rejectsAnUnknownPaymentType() {
        assertError(() -> parse("{\"paymentMethod\": {\"type\": \"crypto\"}}"), "userData.paymentMethod.type",
                "The userData.paymentMethod.type field must be one of bank_account, cash");
        assertError(() -> parse("{\"paymentMethod\": {\"type\": \"BANK_ACCOUNT\"}}"), "userData.paymentMethod.type", null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}                                                                        | userData.paymentMethod.type",
            "{\"type\": null}                                                          | userData.paymentMethod.type",
            "{\"type\": \"bank_account\"}                                              | userData.paymentMethod.bankAccount",
            "{\"type\": \"bank_account\", \"bankAccount\": null}                       | userData.paymentMethod.bankAccount",
            "{\"type\": \"bank_account\", \"bankAccount\": {\"accountNumber\": \"014027000005555558\"}} | userData.paymentMethod.bankAccount.country",
            "{\"type\": \"bank_account\", \"bankAccount\": {\"country\": \"MX\"}}      | userData.paymentMethod.bankAccount.accountNumber",
            "{\"type\": \"cash\"}                                                      | userData.paymentMethod.cash",
            "{\"type\": \"cash\", \"cash\": {\"reference\": \"1\"}}                    | userData.paymentMethod.cash.provider",
            "{\"type\": \"cash\", \"cash\": {\"provider\": \"OXXO\", \"reference\": null}} | userData.paymentMethod.cash.reference",
    })
    void paymentMethodMembersAreRequired(String paymentMethod, String path) {
        assertError(() -> parse("{\"paymentMethod\": " + paymentMethod + "}"), path, "The " + path + " field is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"098765432109876543", "014027000005555557", "01402700000555555", "01402700000555555A"})
    void rejectsAMexicanAccountThatIsNotAValidClabe(String number) {
        assertError(() -> parse(bankAccount("MX", number)), "userData.paymentMethod.bankAccount.accountNumber",
                "The userData.paymentMethod.bankAccount.accountNumber field must be an 18-digit CLABE with a valid check digit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "1234-5678", "11111111111111111111111111111111111"})
    void rejectsAForeignAccountNumberOutsideTheGenericRule(String number) {
        assertError(() -> parse(bankAccount("US", number)), "userData.paymentMethod.bankAccount.accountNumber",
                "The userData.paymentMethod.bankAccount.accountNumber field must be 4 to 34 letters or digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx", "MEX", "XX", ""})
    void rejectsACountryThatIsNotIsoAlpha2(String country) {
        assertError(() -> parse(bankAccount(country, "014027000005555558")),
                "userData.paymentMethod.bankAccount.country", null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "'';     1;   userData.paymentMethod.cash.provider",
            "'  ';   1;   userData.paymentMethod.cash.provider",
            "OX|XO;  1;   userData.paymentMethod.cash.provider",
            "OXXO;   '';  userData.paymentMethod.cash.reference",
            "OXXO;   a|b; userData.paymentMethod.cash.reference",
    })
    void rejectsInvalidCashValues(String provider, String reference, String path) {
        assertError(() -> parse(cash(provider, reference)), path,
                "The " + path + " field must be 1 to 60 characters without '|'");
    }

    @Test
    void cashValuesMayBeSixtyCharactersButNotMore() {
        assertThat(plain(parse(cash("P".repeat(60), "R".repeat(60))))).containsKey(UserField.PAYMENT_METHOD);
        assertError(() -> parse(cash("P".repeat(61), "R")), "userData.paymentMethod.cash.provider", null);
        assertError(() -> parse(cash("P", "R".repeat(61))), "userData.paymentMethod.cash.reference", null);
    }

    @Test
    void nothingIsReturnedWhenOneFieldIsInvalid() {
        // A rejected request stores nothing: the parser throws rather than returning the valid part.
        assertError(() -> parse("{\"name\": {\"firstName\": \"Juan\"}, \"dob\": \"2023-02-30\"}"), "userData.dob", null);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private UserData parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return parser.parse(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + json, e);
        }
    }

    private static String bankAccount(String country, String number) {
        return "{\"paymentMethod\": {\"type\": \"bank_account\", \"bankAccount\": {\"country\": \"" + country
                + "\", \"accountNumber\": \"" + number + "\"}}}";
    }

    private static String cash(String provider, String reference) {
        return "{\"paymentMethod\": {\"type\": \"cash\", \"cash\": {\"provider\": \"" + provider
                + "\", \"reference\": \"" + reference + "\"}}}";
    }

    private static Map<UserField, String> plain(UserData data) {
        return data.values().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().value()));
    }

    /** Asserts a ValidationException on {@code field}; checks the message too unless it is null. */
    private static void assertError(ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            } else {
                assertThat(e.getMessage()).startsWith("The " + field + " field");
            }
        });
    }
}
