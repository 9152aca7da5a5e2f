package org.bgwcheck.tla;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Just enough JSON output for the summary and the traces, so the module needs no JSON library. */
final class Json {
    private Json() {
    }

    static Object object() {
        return new Object();
    }

    static Array array() {
        return new Array();
    }

    /** A JSON object that keeps its keys in insertion order. */
    static final class Object {
        private final Map<String, java.lang.Object> fields = new LinkedHashMap<>();

        Object put(String key, java.lang.Object value) {
            fields.put(key, value);
            return this;
        }

        @Override
        public String toString() {
            return fields.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** A JSON array, one element per line, so that diffs and greps of the files stay readable. */
    static final class Array {
        private final List<java.lang.Object> items = new ArrayList<>();

        Array add(java.lang.Object item) {
            items.add(item);
            return this;
        }

        @Override
        public String toString() {
            return items.stream().map(Json::value).collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
        }
    }

    private static String value(java.lang.Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Object || v instanceof Array) {
            return v.toString();
        }
        return quote(v.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
