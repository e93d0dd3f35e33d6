package io.jasyncio.bench;

import io.jasyncio.http.internal.ws.WsFrameParser;
import io.jasyncio.http.internal.ws.WsFrameWriter;
import io.jasyncio.web.WebSocketError;
import java.nio.ByteBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The WebSocket frame parser alone (server side: masked client frames): one whole frame of
 * {@code size} bytes per call, binary or text (text adds the UTF-8 check), as the echo
 * benchmark's messages arrive at depth 1. Time is per frame. Uses jasyncio-http's internal
 * parser (the bench jar runs on the class path).
 */
@State(Scope.Thread)
public class WsFrameParse {
    @Param({"32", "1024"})
    int size;

    @Param({"binary", "text"})
    String kind;

    private ByteBuffer frame;
    private WsFrameParser parser;
    private long delivered;

    @Setup
    public void setUp() {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        frame = ByteBuffer.wrap(new WsFrameWriter(true, false).frame(kind.equals("text") ? 1 : 2, payload));
        parser = new WsFrameParser(true, 4 << 20, false, new WsFrameParser.Listener() {
            @Override
            public void onMessage(int opcode, byte[] data) {
                delivered += data.length;
            }

            @Override
            public void onControl(int opcode, byte[] data) {
            }
        });
    }

    @Benchmark
    public long oneFrame() throws WebSocketError {
        frame.clear();
        parser.feed(frame);
        return delivered;
    }
}
