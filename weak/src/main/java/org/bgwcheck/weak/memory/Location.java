package org.bgwcheck.weak.memory;

/**
 * A word of {@code BackgroundWorkerArray} as the memory models see it. The registration ({@code worker}) is one
 * location: the protocol copies it whole under one barrier, so a tear inside it is no different, for S1, from
 * an old copy. {@code slot} is -1 for the array's header fields.
 */
record Location(Field field, int slot) {
    enum Field {
        IN_USE("in_use"), TERMINATE("terminate"), PID("pid"), GENERATION("generation"), WORKER("worker"),
        TOTAL_SLOTS("total_slots"), PARALLEL_REGISTER_COUNT("parallel_register_count"),
        PARALLEL_TERMINATE_COUNT("parallel_terminate_count");

        private final String cName;

        Field(String cName) {
            this.cName = cName;
        }

        boolean inSlot() {
            return ordinal() <= WORKER.ordinal();
        }
    }

    static final int SLOT_FIELDS = Field.WORKER.ordinal() + 1;

    /** Dense index: slot fields first, slot by slot, then the header. */
    int index(int slots) {
        return field.inSlot() ? slot * SLOT_FIELDS + field.ordinal() : slots * SLOT_FIELDS + field.ordinal() - SLOT_FIELDS;
    }

    static Location of(int index, int slots) {
        if (index < slots * SLOT_FIELDS) {
            return new Location(Field.values()[index % SLOT_FIELDS], index / SLOT_FIELDS);
        }
        return new Location(Field.values()[index - slots * SLOT_FIELDS + SLOT_FIELDS], -1);
    }

    @Override
    public String toString() {
        return field.inSlot() ? field.cName + "[" + slot + "]" : field.cName;
    }
}
