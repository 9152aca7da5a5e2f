package org.bgwcheck.stress.gate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK to run jcstress (and so its test JVMs) on. */
record Jdk(Path home, int feature) {
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    /** The JDK running the gate. */
    static Jdk current() {
        return new Jdk(Path.of(System.getProperty("java.home")), Runtime.version().feature());
    }

    /** The JDK installed at {@code home}, if there is one (read from its {@code release} file). */
    static Optional<Jdk> at(Path home) {
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            if (m.find() && Files.isExecutable(home.resolve("bin/java"))) {
                return Optional.of(new Jdk(home, Integer.parseInt(m.group(1))));
            }
        } catch (IOException e) {
            // no JDK there
        }
        return Optional.empty();
    }

    Path java() {
        return home.resolve("bin/java");
    }

    /**
     * Options for the jcstress JVM. jcstress passes its own JVM's options on to every test JVM, so these reach
     * the tests too. From JDK 22 on, JNA (jcstress's affinity support) needs native access granted.
     */
    String[] launcherOptions() {
        return feature >= 22 ? new String[] {"--enable-native-access=ALL-UNNAMED"} : new String[0];
    }
}
