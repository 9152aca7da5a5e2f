package org.bgwcheck.gate.layers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a result left in a module's {@code target/} is of the code now in the tree. {@code bin/gate --no-build}
 * reads whatever the last build left behind; a build that failed before a module's tests leaves that module's
 * results of an earlier build in place. A result older than a source it was built from (the module's and core's
 * {@code src/} and {@code pom.xml}, and the root {@code pom.xml}) is therefore not evidence about this code.
 */
final class Freshness {
    private Freshness() {
    }

    /** Why {@code result} is stale, if it is: the newest source that postdates it. */
    static Optional<String> staleness(Path root, String module, Path result) {
        try {
            FileTime written = Files.getLastModifiedTime(result);
            Optional<Path> newer = sources(root, module).filter(p -> modified(p).compareTo(written) > 0)
                    .max((a, b) -> modified(a).compareTo(modified(b)));
            return newer.map(p -> root.relativize(p) + " changed after it was written (" + modified(p) + " > "
                    + written + "): rebuild");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module's test results of that build: only those no older than every source count. */
    static boolean current(Path root, String module, Path result) {
        return staleness(root, module, result).isEmpty();
    }

    private static Stream<Path> sources(Path root, String module) throws IOException {
        Stream<Path> all = Stream.of(root.resolve("pom.xml"));
        for (String m : List.of("core", module).stream().distinct().toList()) {
            all = Stream.concat(all, Stream.of(root.resolve(m).resolve("pom.xml")));
            Path src = root.resolve(m).resolve("src");
            if (Files.isDirectory(src)) {
                try (Stream<Path> files = Files.walk(src)) {
                    all = Stream.concat(all, files.filter(Files::isRegularFile).toList().stream());
                }
            }
        }
        return all.filter(Files::isRegularFile);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
