package dev.faultline.operators.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Strings in the hand-written serializers: an ASCII string (nearly every log line, ID and
 * timestamp) as its length and its bytes, copied in one go each way; any other string in Flink's
 * own {@link StringValue} format, which keeps every char exactly (lone surrogates included).
 * Flink's format alone moves one byte per call and looks up a thread-local buffer per string, which
 * was most of the cost of moving lines across the key-by.
 */
public final class AsciiStrings {
    private static final int NULL = -1;
    private static final int NOT_ASCII = -2;

    private AsciiStrings() {}

    public static void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(NULL);
            return;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                out.writeInt(NOT_ASCII);
                StringValue.writeString(s, out);
                return;
            }
        }
        out.writeInt(n);
        out.write(s.getBytes(StandardCharsets.ISO_8859_1)); // a copy: ASCII is Latin-1
    }

    public static String read(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n >= 0) {
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return n == NULL ? null : StringValue.readString(in);
    }
}
