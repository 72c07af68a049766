package com.m2m.app.widget;

import com.m2m.domain.operation.SandboxRates;
import com.m2m.domain.user.PaymentMethod;
import com.m2m.domain.user.validation.IdTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The widget's texts (widget/i18n.js): English and Spanish have exactly the same keys and the same placeholders,
 * every key another module names literally ({@code t('...')}, {@code end('...')}) exists, and so does the text of
 * every value of the server's tables the page shows ({@code GET /widget/api/config}). The application has no
 * server-side messages bundle; these are all its user-facing texts.
 */
class I18nKeyParityTest {

    private static final Pattern LANGUAGE_BLOCK = Pattern.compile("^  (\\w+): \\{$(.*?)^  }", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern ENTRY = Pattern.compile("^\\s*'([^']+)':\\s*'((?:[^'\\\\]|\\\\.)*)',?\\s*$", Pattern.MULTILINE);
    private static final Pattern T_CALL = Pattern.compile("(?<![\\w.])t\\(\\s*'([^']+)'\\s*[,)]");
    /** An end state's kind: each quoted word in an end(...) call, also those a condition picks between. */
    private static final Pattern END_CALL = Pattern.compile("(?<![\\w.])end\\(([^\\n]*)");
    private static final Pattern QUOTED_WORD = Pattern.compile("'([a-z_]+)'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    private static Map<String, Map<String, String>> languages;
    private static Map<String, String> modules;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(I18nKeyParityTest.class.getClassLoader().getResource("widget/i18n.js"))
                .toURI()).getParent();
        languages = new LinkedHashMap<>();
        Matcher block = LANGUAGE_BLOCK.matcher(Files.readString(dir.resolve("i18n.js"), StandardCharsets.UTF_8));
        while (block.find()) {
            Map<String, String> entries = new LinkedHashMap<>();
            Matcher entry = ENTRY.matcher(block.group(2));
            while (entry.find()) {
                assertThat(entries.put(entry.group(1), entry.group(2))).as("key %s twice in %s", entry.group(1),
                        block.group(1)).isNull();
            }
            languages.put(block.group(1), entries);
        }
        modules = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") && !f.endsWith("i18n.js")).sorted().toList()) {
                modules.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void englishAndSpanishHaveTheSameKeys() {
        assertThat(languages.keySet()).containsExactly("en", "es");
        assertThat(languages.get("en")).hasSizeGreaterThan(100);
        assertThat(languages.get("es").keySet()).as("Spanish keys").isEqualTo(languages.get("en").keySet());
    }

    @Test
    void everyTranslationHasThePlaceholdersOfTheEnglish() {
        languages.get("en").forEach((key, english) -> assertThat(placeholders(languages.get("es").get(key)))
                .as("placeholders of %s", key).isEqualTo(placeholders(english)));
    }

    @Test
    void everyKeyTheModulesNameExists() {
        List<String> named = new ArrayList<>();
        modules.forEach((file, source) -> {
            Matcher t = T_CALL.matcher(source);
            while (t.find()) {
                named.add(t.group(1));
            }
            Matcher end = END_CALL.matcher(source);
            while (end.find()) {
                Matcher kind = QUOTED_WORD.matcher(end.group(1));
                while (kind.find()) {
                    named.add("end." + kind.group(1) + ".title");
                    named.add("end." + kind.group(1) + ".text");
                }
            }
        });
        assertThat(modules).containsKeys("widget.js", "details.js", "send.js", "done.js");
        assertThat(named).as("the scan finds the modules' keys").hasSizeGreaterThan(80)
                .contains("details.title", "send.confirm", "end.revoked.title");
        assertThat(languages.get("en").keySet()).containsAll(named);
    }

    @Test
    void everyValueOfTheServersTablesHasAText() {
        List<String> keys = new ArrayList<>();
        IdTypes.ALLOWED.forEach(type -> keys.add("idType." + type));
        SandboxRates.currencyByCountry().keySet().forEach(country -> keys.add("country." + country));
        SandboxRates.destinationCurrencies().forEach(currency -> keys.add("currency." + currency));
        Set.of(PaymentMethod.BANK_ACCOUNT, PaymentMethod.CASH).forEach(type -> keys.add("payment." + type));
        assertThat(languages.get("en").keySet()).containsAll(keys);
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
