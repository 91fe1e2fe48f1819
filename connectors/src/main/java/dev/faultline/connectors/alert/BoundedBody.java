package dev.faultline.connectors.alert;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A receiver's answer body, read up to {@link #MAX_BYTES} and no further: only its first 300
 * characters ever reach a log line or a dead letter, and a receiver (or whatever answers in its
 * place: a proxy, a captive portal, a broken load balancer) may send megabytes or never stop. Once
 * the limit is reached the rest is not read and the connection is given up; {@link #abort()} gives
 * it up early, when the attempt's deadline passes while the body still trickles in.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
    /** Enough for any error a receiver documents, far more than a dead letter keeps. */
    static final int MAX_BYTES = 64 * 1024;

    private final byte[] bytes;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private int length;
    private volatile boolean aborted;

    BoundedBody(int maxBytes) {
        this.bytes = new byte[maxBytes];
    }

    /** A handler for one attempt; {@link Handler#abort()} stops the body it is reading. */
    static final class Handler implements HttpResponse.BodyHandler<String> {
        private final int maxBytes;
        private final AtomicReference<BoundedBody> current = new AtomicReference<>();
        private volatile boolean aborted;

        Handler(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
            BoundedBody b = new BoundedBody(maxBytes);
            current.set(b);
            if (aborted) {
                b.abort();
            }
            return b;
        }

        /** Stops reading the body, if one is being read; later bodies stop at once. */
        void abort() {
            aborted = true;
            BoundedBody b = current.get();
            if (b != null) {
                b.abort();
            }
        }
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (!subscription.compareAndSet(null, s) || aborted) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), bytes.length - length);
            b.get(bytes, length, n);
            length += n;
        }
        if (length == bytes.length) {
            // enough: what follows is not read, and the connection is not kept for it
            subscription.get().cancel();
            finish();
        } else {
            subscription.get().request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        finish();
    }

    /** Gives the body up: the connection is closed, and the attempt fails (it has no answer). */
    void abort() {
        aborted = true;
        Flow.Subscription s = subscription.get();
        if (s != null) {
            s.cancel();
        }
        body.completeExceptionally(new java.util.concurrent.CancellationException("body given up"));
    }

    private void finish() {
        // a multi-byte character cut at the limit decodes as a replacement character
        body.complete(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
