package dev.faultline.operators.model;

/** A signature that matched a line, with its summary rendered from the line's captured groups. */
public class Hit {
    public String id;
    public String summary;

    public Hit() {}

    public Hit(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }
}
