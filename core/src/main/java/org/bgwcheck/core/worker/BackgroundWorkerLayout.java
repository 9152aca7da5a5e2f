package org.bgwcheck.core.worker;

/**
 * Byte offsets of {@code struct BackgroundWorker} as a 64-bit C compiler lays it out (natural alignment,
 * {@code Datum} = 8 bytes, {@code pid_t} and enums = 4 bytes). The {@code ByteBuffer} slot backing and the
 * launcher's startup-data blob both use this layout, so a C reader and a Java reader agree byte for byte.
 */
public final class BackgroundWorkerLayout {
    public static final int NAME = 0;
    public static final int TYPE = NAME + BgwLimits.BGW_MAXLEN;                    // 96
    public static final int FLAGS = TYPE + BgwLimits.BGW_MAXLEN;                   // 192
    public static final int START_TIME = FLAGS + 4;                                // 196
    public static final int RESTART_TIME = START_TIME + 4;                         // 200
    public static final int LIBRARY_NAME = RESTART_TIME + 4;                       // 204
    public static final int FUNCTION_NAME = LIBRARY_NAME + BgwLimits.BGW_MAXLEN;   // 300
    /** bgw_main_arg is a Datum: 396 rounded up to its 8-byte alignment. */
    public static final int MAIN_ARG = 400;
    public static final int EXTRA = MAIN_ARG + 8;                                  // 408
    public static final int NOTIFY_PID = EXTRA + BgwLimits.BGW_EXTRALEN;           // 536
    /** sizeof(BackgroundWorker): 540 rounded up to the struct's 8-byte alignment. */
    public static final int SIZE = 544;

    private BackgroundWorkerLayout() {
    }

    /** The four fixed-size string fields, with their offsets. */
    public enum StringField {
        NAME(BackgroundWorkerLayout.NAME, "bgw_name"),
        TYPE(BackgroundWorkerLayout.TYPE, "bgw_type"),
        LIBRARY_NAME(BackgroundWorkerLayout.LIBRARY_NAME, "bgw_library_name"),
        FUNCTION_NAME(BackgroundWorkerLayout.FUNCTION_NAME, "bgw_function_name");

        private final int offset;
        private final String cName;

        StringField(int offset, String cName) {
            this.offset = offset;
            this.cName = cName;
        }

        public int offset() {
            return offset;
        }

        public String cName() {
            return cName;
        }

        public String of(BackgroundWorker w) {
            return switch (this) {
                case NAME -> w.name();
                case TYPE -> w.type();
                case LIBRARY_NAME -> w.libraryName();
                case FUNCTION_NAME -> w.functionName();
            };
        }
    }
}
