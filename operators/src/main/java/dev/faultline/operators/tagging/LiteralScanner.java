package dev.faultline.operators.tagging;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho–Corasick automaton over lower-cased literals: one pass over a line finds every literal in
 * it, case-insensitively. This is the prefilter that keeps regexes off the hot path: a rule's regex
 * runs only on lines that contain one of its literals.
 *
 * <p>The automaton is a full DFA (failure links folded into the transition table) over a small
 * alphabet: ASCII (case-folded), one class per non-ASCII character that occurs in some literal, and
 * one class for every other character, so a scan is one table lookup per character.
 */
public final class LiteralScanner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ASCII = 128;
    private static final int[] NONE = new int[0];

    /**
     * Class of every character that occurs in no literal: from any state it leads back to the root.
     */
    private static final int OTHER = 0;

    /**
     * Character class of each ASCII character (case-folded); other characters go through the map.
     */
    private final byte[] asciiClass = new byte[ASCII];

    private final Map<Character, Integer> extraClasses = new HashMap<>();

    /**
     * Class of every non-ASCII character (as {@link #classOf} would find it, lower-cased), built
     * once: logs with progress bars and box drawing are full of non-ASCII characters, and a boxed
     * map lookup (two for a character in no literal) for each of them cost a fifth of tagging such
     * a log.
     */
    private final char[] wideClass;

    private final int alphabet;

    /** Row width of {@link #delta} as a shift: the alphabet rounded up to a power of two. */
    private final int shift;

    /**
     * Transition table, {@code (state << shift) + class}. An entry is the next state, with {@link
     * #EMITS} set when that state completes a literal, so a scan looks at the outputs only then.
     */
    private final char[] delta;

    private static final char EMITS = 0x8000;
    private static final char STATE = 0x7FFF;
    private final int[][] outputs;

    /** Receives the payload of each literal found. */
    @FunctionalInterface
    public interface Sink {
        void found(int payload);
    }

    /**
     * @param literals lower-cased literals
     * @param payloads what to report for each literal (e.g. a rule index), same length
     */
    public LiteralScanner(List<String> literals, int[] payloads) {
        if (literals.size() != payloads.length) {
            throw new IllegalArgumentException("literals and payloads differ in length");
        }
        // Only characters that occur in literals get a class of their own: a small alphabet keeps
        // the table (and the part of it a scan touches) small enough for the CPU caches.
        int classes = 1;
        for (String lit : literals) {
            for (int i = 0; i < lit.length(); i++) {
                char c = lit.charAt(i);
                if (c < ASCII) {
                    char folded = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
                    if (asciiClass[folded] == 0) {
                        asciiClass[folded] = (byte) classes++;
                        if (folded >= 'a' && folded <= 'z') {
                            asciiClass[folded - 32] = asciiClass[folded];
                        }
                    }
                } else if (!extraClasses.containsKey(c)) {
                    extraClasses.put(c, classes++);
                }
            }
        }
        if (classes > Byte.MAX_VALUE + extraClasses.size() + 1) {
            throw new IllegalArgumentException("too many distinct ASCII characters in literals");
        }
        alphabet = classes;

        List<int[]> trie = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        trie.add(newRow());
        out.add(new ArrayList<>());
        for (int li = 0; li < literals.size(); li++) {
            String lit = literals.get(li);
            int state = 0;
            for (int i = 0; i < lit.length(); i++) {
                int cls = classOf(lit.charAt(i));
                int next = trie.get(state)[cls];
                if (next < 0) {
                    next = trie.size();
                    trie.add(newRow());
                    out.add(new ArrayList<>());
                    trie.get(state)[cls] = next;
                }
                state = next;
            }
            out.get(state).add(payloads[li]);
        }

        int states = trie.size();
        if (states > STATE) {
            throw new IllegalArgumentException(
                    "literals need " + states + " automaton states, at most " + (int) STATE);
        }
        shift = 32 - Integer.numberOfLeadingZeros(alphabet - 1);
        char[] dense = new char[states * alphabet];
        int[] fail = new int[states];
        // States renumbered breadth first: the shallow states a scan spends nearly all its time in
        // get the first rows of the table, a few pages that stay cached, instead of rows spread
        // over all of it in the order the literals were added (each character's lookup waits on the
        // one before it).
        int[] renumbered = new int[states];
        int numbered = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < alphabet; c++) {
            int next = c == OTHER ? -1 : trie.get(0)[c];
            if (next < 0) {
                dense[c] = 0;
            } else {
                dense[c] = (char) next;
                fail[next] = 0;
                renumbered[next] = numbered++;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < alphabet; c++) {
                int next = c == OTHER ? -1 : trie.get(s)[c];
                if (next < 0) {
                    dense[s * alphabet + c] = dense[fail[s] * alphabet + c];
                } else {
                    dense[s * alphabet + c] = (char) next;
                    fail[next] = dense[fail[s] * alphabet + c];
                    renumbered[next] = numbered++;
                    queue.add(next);
                }
            }
        }
        wideClass = new char[Character.MAX_VALUE + 1];
        if (!extraClasses.isEmpty()) {
            for (int c = ASCII; c <= Character.MAX_VALUE; c++) {
                wideClass[c] = (char) classOf((char) c);
            }
        }
        outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> o = out.get(s);
            outputs[renumbered[s]] =
                    o.isEmpty()
                            ? NONE
                            : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        delta = new char[states << shift];
        for (int s = 0; s < states; s++) {
            for (int c = 0; c < alphabet; c++) {
                int next = renumbered[dense[s * alphabet + c]];
                delta[(renumbered[s] << shift) + c] =
                        (char) (next | (outputs[next].length > 0 ? EMITS : 0));
            }
        }
    }

    private int[] newRow() {
        int[] row = new int[alphabet];
        Arrays.fill(row, -1);
        return row;
    }

    private int classOf(char c) {
        if (c < ASCII) {
            return asciiClass[c];
        }
        Integer cls = extraClasses.get(c);
        if (cls == null) {
            cls = extraClasses.get(Character.toLowerCase(c));
        }
        return cls == null ? OTHER : cls;
    }

    /** Scans {@code text[from, to)} and reports every literal occurrence's payload. */
    public void scan(String text, int from, int to, Sink sink) {
        scan(text, from, to, 0, sink);
    }

    /**
     * Scans {@code text[from, to)} starting in automaton state {@code state} (0: the start) and
     * returns the state it ends in. Scanning runs one after the other, each from the state the last
     * one ended in, finds what one scan of their concatenation would: a literal may span two runs.
     */
    public int scan(String text, int from, int to, int state, Sink sink) {
        final char[] d = delta;
        final byte[] ascii = asciiClass;
        final int sh = shift;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int cls = c < ASCII ? ascii[c] : wideClass[c];
            char next = d[(state << sh) + cls];
            state = next & STATE;
            if (next >= EMITS) {
                for (int payload : outputs[state]) {
                    sink.found(payload);
                }
            }
        }
        return state;
    }

    public int states() {
        return outputs.length;
    }
}
