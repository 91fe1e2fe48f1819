package dev.faultline.operators.verdict;

/** A step marker seen in a build's log: from this line on, the build is in this stage/step. */
public class StageMark {
    public long line;
    public String stage;
    public String step;

    public StageMark() {}

    StageMark(long line, String stage, String step) {
        this.line = line;
        this.stage = stage;
        this.step = step;
    }
}
