package org.bgwcheck.launcher.soak;

/**
 * A violation the soak found: the property it breaks, what was seen, and where (incarnation,
 * quiescent point, the event that showed it).
 */
public record Finding(String property, String text, String where) {
    @Override
    public String toString() {
        return property + " violated (" + where + "): " + text;
    }
}
