package org.bgwcheck.core.backend;

/** {@code BgwHandleStatus}. */
public enum HandleStatus {
    /** BGWH_STARTED: the worker is running; its pid is known. */
    STARTED,
    /** BGWH_NOT_YET_STARTED: registered, not started yet. */
    NOT_YET_STARTED,
    /** BGWH_STOPPED: exited, unregistered, never started and terminated, or the slot was reused. */
    STOPPED,
    /** BGWH_POSTMASTER_DIED: no answer will ever come. */
    POSTMASTER_DIED
}
