package dev.faultline.operators.alert;

/** The two families of alerts, each evaluated by its own detector with its own window. */
public enum AlertFamily {
    /** Platform-fault failures spiking: pages (high urgency). */
    PLATFORM,
    /** The same unexplained failure coming back: triage (low urgency). */
    UNKNOWN
}
