package dev.checklistbot.bench;

/** Items 2-5 of the benchmark (Slack end to end, memory, recovery, start-up): not written yet. */
public final class ServeBench {
    private ServeBench() {
    }

    public static void main(String[] args) {
        System.out.println("ServeBench: not written yet; items 2-5 are reported as not measured");
    }
}
