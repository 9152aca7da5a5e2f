package org.bgwcheck.launcher.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line a child writes to its standard output for the postmaster: a tag and key=value
 * fields, e.g. {@code ready kind=backend pid=4242}. Values never contain spaces, so the format
 * is trivially parsed and reads well in a log.
 */
public final class ReportLine {

    /** The child has read and removed its parameter file and is dispatching to its main. */
    public static final String READY = "ready";
    /** What the child received: the kind, the postmaster's globals, a digest of the startup data. */
    public static final String RECEIVED = "received";

    private final String tag;
    private final Map<String, String> fields;

    private ReportLine(String tag, Map<String, String> fields) {
        this.tag = tag;
        this.fields = fields;
    }

    public static ReportLine of(String tag) {
        return new ReportLine(requireToken(tag), new LinkedHashMap<>());
    }

    /** Adds a field; returns this line for chaining. */
    public ReportLine with(String key, String value) {
        fields.put(requireToken(key), requireToken(value));
        return this;
    }

    public ReportLine with(String key, long value) {
        return with(key, Long.toString(value));
    }

    public String tag() {
        return tag;
    }

    /** The field's value, or {@code null} if the line has no such field. */
    public String get(String key) {
        return fields.get(key);
    }

    public Map<String, String> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /**
     * The report line in this text, or {@code null} if it is not one (anything else the child
     * or its JVM printed).
     */
    public static ReportLine parse(String line) {
        String[] tokens = line.split(" ", -1);
        if (tokens[0].isEmpty() || tokens[0].indexOf('=') >= 0) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int equals = tokens[i].indexOf('=');
            if (equals <= 0) {
                return null;
            }
            fields.put(tokens[i].substring(0, equals), tokens[i].substring(equals + 1));
        }
        return new ReportLine(tokens[0], fields);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(tag);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            text.append(' ').append(field.getKey()).append('=').append(field.getValue());
        }
        return text.toString();
    }

    private static String requireToken(String token) {
        if (token.isEmpty() || token.indexOf(' ') >= 0 || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("report token must be non-empty without spaces or line breaks: \""
                    + token + "\"");
        }
        return token;
    }
}
