package org.bgwcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads TLC's printed function values, {@code (k1 :> v1 @@ k2 :> v2)}, into their entries, so that a trace
 * can say which entries of a function-valued variable changed (e.g. {@code mem[<<"pid", 0>>]}) rather
 * than repeat the whole function.
 */
final class TlaValue {
    private TlaValue() {
    }

    /** The entries of a printed function, or empty if the text is not a function literal. */
    static Optional<Map<String, String>> functionEntries(String text) {
        String body = text.strip();
        if (body.startsWith("(") && body.endsWith(")") && closingParen(body) == body.length() - 1) {
            body = body.substring(1, body.length() - 1).strip();
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String part : splitTopLevel(body, "@@")) {
            List<String> keyValue = splitTopLevel(part, ":>");
            if (keyValue.size() != 2) {
                return Optional.empty();
            }
            entries.put(keyValue.get(0).strip(), keyValue.get(1).strip());
        }
        return Optional.of(entries);
    }

    private static int closingParen(String s) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at occurrences of sep that are outside brackets, tuples and strings. */
    static List<String> splitTopLevel(String s, String sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (s.startsWith("<<", i)) {
                depth++;
                i++;
            } else if (s.startsWith(">>", i) && depth > 0) {
                depth--;
                i++;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(sep, i)) {
                parts.add(s.substring(from, i));
                from = i + sep.length();
                i += sep.length() - 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }
}
