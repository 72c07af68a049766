package com.m2m.app;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text scrape: the value of a series given its name and some of its labels. */
final class Prometheus {

    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)})? (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    Prometheus(String text) {
        this.text = text;
    }

    /** The sample lines only (for assertion messages): no HELP/TYPE comments, no histogram buckets. */
    @Override
    public String toString() {
        return text.lines().filter(l -> !l.startsWith("#") && !l.contains("_bucket")).collect(
                java.util.stream.Collectors.joining("\n"));
    }

    String text() {
        return text;
    }

    /** The sum over every series of {@code name} whose labels include {@code labels}; empty when none. */
    OptionalDouble value(String name, Map<String, String> labels) {
        Matcher sample = SAMPLE.matcher(text);
        double sum = 0;
        boolean found = false;
        while (sample.find()) {
            if (!sample.group(1).equals(name) || !matches(sample.group(3), labels)) {
                continue;
            }
            found = true;
            sum += Double.parseDouble(sample.group(4));
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** As {@link #value}, 0 when the series does not exist yet (a counter not incremented yet). */
    double count(String name, Map<String, String> labels) {
        return value(name, labels).orElse(0);
    }

    private static boolean matches(String labelText, Map<String, String> wanted) {
        Map<String, String> present = new java.util.HashMap<>();
        if (labelText != null) {
            Matcher label = LABEL.matcher(labelText);
            while (label.find()) {
                present.put(label.group(1), label.group(2));
            }
        }
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(present.get(e.getKey())));
    }
}
