package org.bgwcheck.launcher.signal;

import java.io.IOException;
import java.io.InputStream;

/**
 * The child's end of its signal pipe: a daemon thread that reads one byte per signal from the
 * child's standard input and hands it to the kind's handler, in the order sent. End of file means
 * the postmaster has gone: the write end closes when its process dies, however it dies; this is
 * PostgreSQL's postmaster-death pipe ({@code postmaster_alive_fds}), which needs no polling.
 */
public final class SignalPipeReader {

    /** What a kind does with its signals. Called on the reader thread. */
    public interface Handler {
        void signal(SignalCode code);

        void postmasterDied();
    }

    private SignalPipeReader() {
    }

    /** Starts the reader; {@code pipe == null} (an in-process training run) starts nothing. */
    public static void start(InputStream pipe, Handler handler) {
        if (pipe == null) {
            return;
        }
        Thread reader = new Thread(() -> {
            try {
                int b;
                while ((b = pipe.read()) >= 0) {
                    SignalCode code = SignalCode.of(b);
                    if (code != null) {
                        handler.signal(code);
                    }
                }
            } catch (IOException e) {
                // A broken pipe is the same news as end of file.
            }
            handler.postmasterDied();
        }, "signal-pipe");
        reader.setDaemon(true);
        reader.start();
    }
}
