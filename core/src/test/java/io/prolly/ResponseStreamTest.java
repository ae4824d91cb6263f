package io.prolly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResponseStreamTest {

  /** Counts what the stream asks of the HTTP client. */
  private static final class Subscription implements Flow.Subscription {
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void request(long n) {
      requested.addAndGet(n);
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }
  }

  private static List<ByteBuffer> list(String text) {
    return List.of(ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  @Test
  void readsEveryListInOrderAndAsksAheadWithinTheWindow() throws IOException {
    ResponseStream stream = new ResponseStream();
    Subscription subscription = new Subscription();
    stream.onSubscribe(subscription);
    assertThat(subscription.requested).hasValue(ResponseStream.WINDOW);
    StringBuilder sent = new StringBuilder();
    for (int i = 0; i < 3 * ResponseStream.WINDOW; i++) {
      String text = "<" + i + ">";
      sent.append(text);
      stream.onNext(List.of(ByteBuffer.allocate(0), ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
      if (i % 5 == 0) {
        stream.onNext(List.of());
      }
    }
    stream.onComplete();
    String read = new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(read).isEqualTo(sent.toString());
    assertThat(stream.read()).isEqualTo(-1);
    // Never more outstanding than the window: asked for = taken + at most the window.
    long lists = 3 * ResponseStream.WINDOW + (3 * ResponseStream.WINDOW + 4) / 5;
    assertThat(subscription.requested.get()).isBetween(lists, lists + ResponseStream.WINDOW);
    stream.close();
    assertThat(subscription.cancelled).isFalse(); // a body read to its end leaves the connection reusable
  }

  @Test
  void aFailedBodyThrowsWithTheClientsCauseAfterWhatCameBefore() throws IOException {
    ResponseStream stream = new ResponseStream();
    stream.onSubscribe(new Subscription());
    stream.onNext(list("ab"));
    EOFException cut = new EOFException("EOF reached while reading");
    stream.onError(cut);
    InputStream in = stream;
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasCause(cut);
  }

  @Test
  void closingBeforeTheEndCancelsTheBody() throws IOException {
    ResponseStream stream = new ResponseStream();
    Subscription subscription = new Subscription();
    stream.onSubscribe(subscription);
    stream.onNext(list("abc"));
    assertThat(stream.read()).isEqualTo('a');
    assertThat(stream.available()).isEqualTo(2);
    stream.close();
    assertThat(subscription.cancelled).isTrue();
    assertThatThrownBy(stream::read).isInstanceOf(IOException.class).hasMessage("closed");
    assertThat(stream.available()).isZero();

    ResponseStream late = new ResponseStream();
    late.close();
    Subscription afterClose = new Subscription();
    late.onSubscribe(afterClose);
    assertThat(afterClose.cancelled).isTrue();
    assertThat(afterClose.requested).hasValue(0);
  }

  @Test
  void anInterruptWhileWaitingClosesTheBody() {
    ResponseStream stream = new ResponseStream();
    Subscription subscription = new Subscription();
    stream.onSubscribe(subscription);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(stream::read).isInstanceOf(IOException.class).hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(subscription.cancelled).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
