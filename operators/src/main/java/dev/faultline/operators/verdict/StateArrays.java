package dev.faultline.operators.verdict;

import dev.faultline.operators.model.AsciiStrings;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Arrays in hand-written state serializers: a length (-1 for a null array), then the elements;
 * object elements carry a presence flag, as the POJO serializer they replace allowed nulls.
 */
final class StateArrays {
    private StateArrays() {}

    /** Writes one element of an object array; it is never null. */
    interface Writer<T> {
        void write(T value, DataOutputView out) throws IOException;
    }

    /** Reads one element of an object array. */
    interface Reader<T> {
        T read(DataInputView in) throws IOException;
    }

    /** Makes an array of the given length. */
    interface Maker<T> {
        T[] make(int length);
    }

    static void writeInts(int[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    static int[] readInts(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    static void writeLongs(long[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    static long[] readLongs(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readLong();
        }
        return a;
    }

    static void writeStrings(String[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (String s : a) {
            AsciiStrings.write(s, out); // null-safe
        }
    }

    static String[] readStrings(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = AsciiStrings.read(in);
        }
        return a;
    }

    static <T> void writeObjects(T[] a, Writer<T> writer, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (T value : a) {
            out.writeBoolean(value != null);
            if (value != null) {
                writer.write(value, out);
            }
        }
    }

    static <T> T[] readObjects(Reader<T> reader, Maker<T> maker, DataInputView in)
            throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        T[] a = maker.make(n);
        for (int i = 0; i < n; i++) {
            a[i] = in.readBoolean() ? reader.read(in) : null;
        }
        return a;
    }
}
