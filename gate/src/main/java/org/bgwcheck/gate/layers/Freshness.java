package org.bgwcheck.gate.layers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a result left in a module's {@code target/} is of the code now in the tree. {@code bin/gate --no-build}
 * reads whatever the last build left behind; a build that failed before a module's tests leaves that module's
 * results of an earlier build in place. A result older than a source it was built from (the module's and core's
 * {@code src/} and {@code pom.xml}, and the root {@code pom.xml}) is therefore not evidence about this code.
 *
 * @param newest the most recently modified of those sources, if there are any
 */
record Freshness(Path root, Optional<Path> newest, FileTime newestTime) {

    static Freshness of(Path root, String module) throws IOException {
        List<Path> sources = new ArrayList<>(List.of(root.resolve("pom.xml")));
        for (String m : Stream.of("core", module).distinct().toList()) {
            sources.add(root.resolve(m).resolve("pom.xml"));
            Path src = root.resolve(m).resolve("src");
            if (Files.isDirectory(src)) {
                try (Stream<Path> files = Files.walk(src)) {
                    sources.addAll(files.toList());
                }
            }
        }
        Path newest = null;
        FileTime newestTime = FileTime.fromMillis(Long.MIN_VALUE);
        for (Path p : sources) {
            if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).compareTo(newestTime) > 0) {
                newest = p;
                newestTime = Files.getLastModifiedTime(p);
            }
        }
        return new Freshness(root, Optional.ofNullable(newest), newestTime);
    }

    /** Why {@code result} is stale, if it is: the newest source postdates it. */
    Optional<String> staleness(Path result) throws IOException {
        FileTime written = Files.getLastModifiedTime(result);
        return newest.filter(p -> newestTime.compareTo(written) > 0)
                .map(p -> root.relativize(p) + " changed after it was written (" + newestTime + " > " + written
                        + "): rebuild");
    }

    /** Whether {@code result} is no older than every source. */
    boolean current(Path result) throws IOException {
        return staleness(result).isEmpty();
    }
}
