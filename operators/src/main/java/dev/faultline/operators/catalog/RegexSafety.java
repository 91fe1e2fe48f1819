package dev.faultline.operators.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rejects regex shapes that cost more than linear time or stack on a hostile line, before a catalog
 * goes live. Two shapes are refused:
 *
 * <ul>
 *   <li><b>Unbounded repetition of a group</b> ({@code (...)*}, {@code (...)+}, {@code (...){n,}},
 *       or a bound over {@value #MAX_GROUP_REPETITIONS}) unless possessive ({@code *+}). Java's
 *       engine recurses once per repetition of a group, so a line of 4,000 repetitions ({@code
 *       a.a.a....}) overflows a task thread's stack; a possessive group repeats in a loop instead
 *       (an atomic group around a greedy one still recurses).
 *   <li><b>Nested quantifiers</b>: a repeated group ({@code (.*a){12}}, {@code (\\w+\\s?)*}) that
 *       holds an unbounded quantifier, unless the repetition or the inner quantifier is possessive:
 *       the ways to split a run between repetitions grow exponentially.
 *   <li><b>Adjacent unbounded quantifiers over overlapping characters</b> ({@code \s*\s+}, {@code
 *       \w+\d*}, {@code .*.*}): each split of a run between them is tried, quadratic per start
 *       position. Making the first one possessive, or the classes disjoint, removes the choice.
 * </ul>
 *
 * <p>The check reads the regex's text (escapes, classes and groups); what it cannot read it leaves
 * to {@link Pattern#compile} and to the tagger's step budget and stack guard.
 */
public final class RegexSafety {
    /**
     * A group may repeat at most this often unless possessive: Java recurses once per repetition,
     * and about 4,000 overflow a task thread's stack.
     */
    static final int MAX_GROUP_REPETITIONS = 256;

    private RegexSafety() {}

    /** The first problem found, or empty when the regex has neither shape. */
    public static Optional<String> problem(String regex) {
        return new Scanner(regex).scan();
    }

    /** One quantified atom seen at the current group level. */
    private record Atom(String text, boolean unbounded, boolean possessive) {}

    private static final class Scanner {
        private final String re;
        private int i;

        Scanner(String re) {
            this.re = re;
        }

        Optional<String> scan() {
            // One list of atoms per open group: adjacency is only checked within a level.
            List<List<Atom>> levels = new ArrayList<>();
            levels.add(new ArrayList<>());
            List<Integer> groupStarts = new ArrayList<>();
            // Per open group: whether it holds an unbounded quantifier that can give back.
            List<boolean[]> greedyInside = new ArrayList<>();
            greedyInside.add(new boolean[1]);
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == '(') {
                    groupStarts.add(i);
                    levels.add(new ArrayList<>());
                    greedyInside.add(new boolean[1]);
                    i++;
                    skipGroupPrefix();
                    continue;
                }
                if (c == ')') {
                    if (groupStarts.isEmpty()) {
                        return Optional.empty(); // unbalanced: Pattern.compile reports it
                    }
                    int start = groupStarts.remove(groupStarts.size() - 1);
                    levels.remove(levels.size() - 1);
                    boolean inner = greedyInside.remove(greedyInside.size() - 1)[0];
                    i++;
                    String group = re.substring(start, i);
                    Quantifier q = quantifier();
                    if (q.repeats && !q.possessive && inner && !isLookaround(group)) {
                        return Optional.of(
                                "nested quantifiers: the group "
                                        + clip(group)
                                        + " holds an unbounded quantifier and is itself repeated ("
                                        + q.text
                                        + "), so a run can be split between repetitions in"
                                        + " exponentially many ways: make the group's repetition"
                                        + " or its inner quantifier possessive");
                    }
                    if (q.max > MAX_GROUP_REPETITIONS && !q.possessive && !isLookaround(group)) {
                        return Optional.of(
                                "repetition of the group "
                                        + clip(group)
                                        + q.text
                                        + " (more than "
                                        + MAX_GROUP_REPETITIONS
                                        + " times) recurses once per repetition in Java's regex engine"
                                        + " (a long line overflows the stack): make it possessive ("
                                        + q.text
                                        + "+) or use a character class");
                    }
                    // A group is an atom of its enclosing level; its characters are unknown here.
                    levels.get(levels.size() - 1).add(new Atom(null, q.unbounded, q.possessive));
                    if ((inner || q.unbounded) && !q.possessive && !isLookaround(group)) {
                        greedyInside.get(greedyInside.size() - 1)[0] = true;
                    }
                    continue;
                }
                if (c == '|') {
                    levels.get(levels.size() - 1).clear();
                    i++;
                    continue;
                }
                String atom = atom();
                if (atom == null) {
                    // An anchor or a zero-width escape: it separates the atoms around it.
                    levels.get(levels.size() - 1).add(new Atom(null, false, false));
                    continue;
                }
                Quantifier q = quantifier();
                List<Atom> level = levels.get(levels.size() - 1);
                Atom current = new Atom(atom, q.unbounded, q.possessive);
                if (!level.isEmpty()) {
                    Atom previous = level.get(level.size() - 1);
                    if (previous.unbounded
                            && !previous.possessive
                            && current.unbounded
                            && previous.text != null
                            && overlap(previous.text, current.text)) {
                        return Optional.of(
                                "adjacent unbounded quantifiers over overlapping characters: "
                                        + previous.text
                                        + " and "
                                        + atom
                                        + " (every split of a run between them is tried): make"
                                        + " the first possessive or the classes disjoint");
                    }
                }
                level.add(current);
                if (current.unbounded && !current.possessive) {
                    greedyInside.get(greedyInside.size() - 1)[0] = true;
                }
            }
            return Optional.empty();
        }

        /** Skips {@code ?:}, {@code ?<name>}, {@code ?=}, {@code ?!}, {@code ?<=}, flags, etc. */
        private void skipGroupPrefix() {
            if (i < re.length() && re.charAt(i) == '?') {
                i++;
                if (i < re.length() && re.charAt(i) == '<') {
                    int close = re.indexOf('>', i);
                    boolean named =
                            i + 1 < re.length()
                                    && re.charAt(i + 1) != '='
                                    && re.charAt(i + 1) != '!';
                    if (named && close > 0) {
                        i = close + 1;
                    } else {
                        i += 2; // ?<= or ?<!
                    }
                    return;
                }
                while (i < re.length() && re.charAt(i) != ':' && re.charAt(i) != ')') {
                    char c = re.charAt(i);
                    if (c == '=' || c == '!' || c == '>') {
                        i++;
                        return;
                    }
                    i++; // inline flags such as (?i) or (?i:
                }
                if (i < re.length() && re.charAt(i) == ':') {
                    i++;
                }
            }
        }

        /** Reads one atom and returns its text, or null for an anchor. */
        private String atom() {
            int start = i;
            char c = re.charAt(i);
            if (c == '[') {
                i = classEnd(i);
                return re.substring(start, i);
            }
            if (c == '\\') {
                if (i + 1 >= re.length()) {
                    i++;
                    return null;
                }
                char e = re.charAt(i + 1);
                if (e == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    i = end < 0 ? re.length() : end + 2;
                    return Pattern.quote(re.substring(start + 2, end < 0 ? re.length() : end));
                }
                if ("bBAGZzk".indexOf(e) >= 0) {
                    i += 2;
                    if (e == 'k' && i < re.length() && re.charAt(i) == '<') {
                        i = re.indexOf('>', i) + 1;
                    }
                    return null;
                }
                if ((e == 'p' || e == 'P') && i + 2 < re.length() && re.charAt(i + 2) == '{') {
                    i = re.indexOf('}', i) + 1;
                    return re.substring(start, i);
                }
                if (e == 'x' && i + 2 < re.length() && re.charAt(i + 2) == '{') {
                    i = re.indexOf('}', i) + 1;
                    return re.substring(start, i);
                }
                if (e == 'x') {
                    i = Math.min(re.length(), i + 4);
                    return re.substring(start, i);
                }
                if (e == 'u') {
                    i = Math.min(re.length(), i + 6);
                    return re.substring(start, i);
                }
                i += 2;
                return re.substring(start, i);
            }
            i++;
            if (c == '^' || c == '$') {
                return null;
            }
            return re.substring(start, i);
        }

        /** The index just after the character class that opens at {@code open}. */
        private int classEnd(int open) {
            int j = open + 1;
            if (j < re.length() && re.charAt(j) == '^') {
                j++;
            }
            if (j < re.length() && re.charAt(j) == ']') {
                j++; // a leading ] is a literal
            }
            int depth = 1;
            while (j < re.length() && depth > 0) {
                char c = re.charAt(j);
                if (c == '\\') {
                    j += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                }
                j++;
            }
            return j;
        }

        /**
         * {@code repeats}: the maximum is above one ({@code *}, {@code +}, {@code {2,5}}), so the
         * quantified thing can be matched more than once.
         */
        private record Quantifier(
                String text, boolean unbounded, boolean repeats, long max, boolean possessive) {}

        private Quantifier quantifier() {
            if (i >= re.length()) {
                return new Quantifier("", false, false, 1, false);
            }
            int start = i;
            char c = re.charAt(i);
            boolean unbounded;
            boolean repeats;
            long max;
            if (c == '*' || c == '+') {
                unbounded = true;
                repeats = true;
                max = Long.MAX_VALUE;
                i++;
            } else if (c == '?') {
                unbounded = false;
                repeats = false;
                max = 1;
                i++;
            } else if (c == '{' && re.indexOf('}', i) > 0) {
                int close = re.indexOf('}', i);
                String body = re.substring(i + 1, close);
                if (!body.matches("\\d+(,\\d*)?")) {
                    return new Quantifier("", false, false, 1, false);
                }
                unbounded = body.endsWith(",");
                String upper = body.contains(",") ? body.substring(body.indexOf(',') + 1) : body;
                max = unbounded ? Long.MAX_VALUE : parseOrMax(upper);
                repeats = max > 1;
                i = close + 1;
            } else {
                return new Quantifier("", false, false, 1, false);
            }
            String text = re.substring(start, i);
            boolean possessive = false;
            if (i < re.length() && re.charAt(i) == '+') {
                possessive = true;
                i++;
            } else if (i < re.length() && re.charAt(i) == '?') {
                i++; // reluctant: as ambiguous as greedy
            }
            return new Quantifier(text, unbounded, repeats, max, possessive);
        }

        private static long parseOrMax(String digits) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
    }

    private static boolean isLookaround(String group) {
        return group.startsWith("(?=")
                || group.startsWith("(?!")
                || group.startsWith("(?<=")
                || group.startsWith("(?<!");
    }

    /**
     * Whether two single-character atoms can match a common character, tried on every ASCII
     * character and a few beyond (what log lines are made of).
     */
    static boolean overlap(String a, String b) {
        Pattern pa;
        Pattern pb;
        try {
            pa = Pattern.compile(a, Pattern.DOTALL);
            pb = Pattern.compile(b, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            return false;
        }
        for (int c = 0; c < 0x80; c++) {
            if (matchesChar(pa, c) && matchesChar(pb, c)) {
                return true;
            }
        }
        for (int c : new int[] {0xa0, 0xe9, 0x2014, 0x4e2d, 0x1f600}) {
            if (matchesChar(pa, c) && matchesChar(pb, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesChar(Pattern p, int codePoint) {
        return p.matcher(new String(Character.toChars(codePoint))).matches();
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
