package org.bgwcheck.launcher.support;

import java.nio.file.Path;

import org.bgwcheck.launcher.cluster.LiveCluster;

/**
 * A live cluster for one integration test: started in the test's temp directory, and on close
 * its whole timeline (every report line and the server log, with every child's stderr) saved to
 * {@code target/launcher-it/<test>.log} before everything is shut down and killed.
 */
public final class ClusterRun implements AutoCloseable {

    private final LiveCluster cluster;
    private final String name;

    private ClusterRun(LiveCluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    public static ClusterRun start(String name, LiveCluster.Options options) throws Exception {
        System.out.println(name + ": starting a postmaster in " + options.dataDirectory());
        return new ClusterRun(LiveCluster.start(options), name);
    }

    public LiveCluster cluster() {
        return cluster;
    }

    /** The library path Failsafe passes (the test classes), for external worker entry points. */
    public static String testLibraryPath() {
        return System.getProperty("bgwcheck.test.pkglib", "");
    }

    @Override
    public void close() throws java.io.IOException {
        cluster.close();
        String dir = System.getProperty("bgwcheck.it.logs");
        if (dir != null && !dir.isEmpty()) {
            Path file = Path.of(dir, name + ".log");
            cluster.writeTimeline(file);
            System.out.println(name + ": timeline in " + file);
        }
    }
}
