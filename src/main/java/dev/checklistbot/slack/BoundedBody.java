package dev.checklistbot.slack;

import org.eclipse.jetty.io.Content;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads a request body asynchronously, up to a limit: while the client has sent nothing more, no thread waits (the
 * reader asks Jetty to call it back when bytes arrive, and returns). Exactly one of the outcomes is called, on the
 * thread that read the last bytes: a Jetty request thread, never a selector.
 */
final class BoundedBody implements Runnable {
    interface Outcome {
        void body(byte[] bytes);

        /** More than the limit arrived (a chunked body, or a Content-Length that lied). */
        void tooLarge();

        /** The client went away, or sent nothing for the idle timeout (a {@link java.util.concurrent.TimeoutException}). */
        void failed(Throwable failure);
    }

    private final Content.Source source;
    private final int limit;
    private final Outcome outcome;
    private byte[] bytes;
    private int size;

    BoundedBody(Content.Source source, long declaredLength, int limit, Outcome outcome) {
        this.source = source;
        this.limit = limit;
        this.outcome = outcome;
        this.bytes = new byte[declaredLength >= 0 && declaredLength <= limit ? (int) declaredLength : 8192];
    }

    /** Reads what is there; asks for a call back when nothing is. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                chunk.release();
                outcome.failed(failure);
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            int n = buffer.remaining();
            if (n > limit - size) {
                chunk.release();
                outcome.tooLarge();
                return;
            }
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) bytes.length * 2, size + n)));
            }
            buffer.get(bytes, size, n);
            size += n;
            boolean last = chunk.isLast();
            chunk.release();
            if (last) {
                outcome.body(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                return;
            }
        }
    }
}
