package dev.faultline.operators.tagging;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho–Corasick automaton over lower-cased literals: one pass over a line finds every literal in it,
 * case-insensitively. This is the prefilter that keeps regexes off the hot path: a rule's regex runs only
 * on lines that contain one of its literals.
 *
 * <p>The automaton is a full DFA (failure links folded into the transition table) over a small alphabet:
 * ASCII (case-folded), one class per non-ASCII character that occurs in some literal, and one class for
 * every other character, so a scan is one table lookup per character.
 */
public final class LiteralScanner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ASCII = 128;
    private static final int[] NONE = new int[0];

    private final Map<Character, Integer> extraClasses;
    private final int alphabet;
    private final int[] delta;
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
        extraClasses = new HashMap<>();
        for (String lit : literals) {
            for (int i = 0; i < lit.length(); i++) {
                char c = lit.charAt(i);
                if (c >= ASCII) {
                    extraClasses.putIfAbsent(c, ASCII + 1 + extraClasses.size());
                }
            }
        }
        alphabet = ASCII + 1 + extraClasses.size();

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
        delta = new int[states * alphabet];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < alphabet; c++) {
            int next = trie.get(0)[c];
            if (next < 0) {
                delta[c] = 0;
            } else {
                delta[c] = next;
                fail[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < alphabet; c++) {
                int next = trie.get(s)[c];
                if (next < 0) {
                    delta[s * alphabet + c] = delta[fail[s] * alphabet + c];
                } else {
                    delta[s * alphabet + c] = next;
                    fail[next] = delta[fail[s] * alphabet + c];
                    queue.add(next);
                }
            }
        }
        outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? NONE : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
    }

    private int[] newRow() {
        int[] row = new int[alphabet];
        Arrays.fill(row, -1);
        return row;
    }

    private int classOf(char c) {
        if (c < ASCII) {
            return (c >= 'A' && c <= 'Z') ? c + 32 : c;
        }
        Integer cls = extraClasses.get(c);
        if (cls == null) {
            cls = extraClasses.get(Character.toLowerCase(c));
        }
        return cls == null ? ASCII : cls;
    }

    /** Scans {@code text[from, to)} and reports every literal occurrence's payload. */
    public void scan(String text, int from, int to, Sink sink) {
        int state = 0;
        int[] d = delta;
        int a = alphabet;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            int cls;
            if (c < ASCII) {
                cls = (c >= 'A' && c <= 'Z') ? c + 32 : c;
            } else {
                cls = classOf(c);
            }
            state = d[state * a + cls];
            int[] o = outputs[state];
            for (int k = 0; k < o.length; k++) {
                sink.found(o[k]);
            }
        }
    }

    public int states() {
        return outputs.length;
    }
}
