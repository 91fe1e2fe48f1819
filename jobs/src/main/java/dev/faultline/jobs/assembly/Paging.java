package dev.faultline.jobs.assembly;

/** Whether a job's alerts go to the receivers its flags configure (Alertmanager, PagerDuty). */
public enum Paging {
    /** Send them (live detection; a backfill with {@code --allow-paging true}). */
    SEND,
    /** Keep them in the job's own output only (a backfill, by default: history must not page). */
    HOLD
}
