package dev.faultline.operators.catalog;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a signature tells the user beyond its summary: one sentence of advice, a link to the tool's
 * own documentation, and whether an automatic retry is worth it. All three are optional in a
 * catalog file; the default catalog's test requires advice on every signature.
 *
 * <p>{@link #retry} is null when the signature leaves it to the default (see {@code RetryAdvice}:
 * platform faults are worth a retry, user and unknown faults are not).
 */
public final class Remedy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longer than any one sentence should be; a paragraph belongs in the linked docs. */
    static final int MAX_ADVICE_CHARS = 300;

    static final Remedy NONE = new Remedy(null, null, null);

    /** One sentence: what to do about it; or null. */
    public final String advice;

    /** An https link to the tool's documentation of this error; or null. */
    public final String docs;

    /** The signature's own retry setting, or null for the default by fault and category. */
    public final Boolean retry;

    Remedy(String advice, String docs, Boolean retry) {
        this.advice = advice;
        this.docs = docs;
        this.retry = retry;
    }

    /**
     * Checks the values as YAML gave them: advice a one-line string, docs an absolute https URL,
     * retry {@code true} or {@code false}.
     *
     * @throws CatalogException naming {@code id} when one of them is malformed
     */
    static Remedy of(String id, Object advice, Object docs, Object retry) {
        if (advice == null && docs == null && retry == null) {
            return NONE;
        }
        return new Remedy(advice(id, advice), docs(id, docs), retry(id, retry));
    }

    private static String advice(String id, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw new CatalogException(
                    id + ": advice must be one sentence of text, not " + describe(value));
        }
        String s = ((String) value).strip();
        if (s.isEmpty()) {
            throw new CatalogException(id + ": advice is blank");
        }
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new CatalogException(id + ": advice must be one line");
        }
        if (s.length() > MAX_ADVICE_CHARS) {
            throw new CatalogException(
                    id
                            + ": advice has "
                            + s.length()
                            + " characters; keep it to one sentence (at most "
                            + MAX_ADVICE_CHARS
                            + ") and link the rest with docs");
        }
        return s;
    }

    private static String docs(String id, Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw new CatalogException(id + ": docs must be a URL, not " + describe(value));
        }
        String s = ((String) value).strip();
        try {
            URI uri = new URI(s);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new CatalogException(
                        id + ": docs must be an absolute https:// URL, not '" + s + "'");
            }
        } catch (URISyntaxException e) {
            throw new CatalogException(id + ": docs is not a URL: " + e.getMessage());
        }
        return s;
    }

    private static Boolean retry(String id, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if ("true".equals(value)) {
            return Boolean.TRUE;
        }
        if ("false".equals(value)) {
            return Boolean.FALSE;
        }
        throw new CatalogException(id + ": retry must be true or false, not " + describe(value));
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "'" + value + "'";
        }
        if (value instanceof java.util.List) {
            return "a list";
        }
        if (value instanceof java.util.Map) {
            return "a mapping";
        }
        return "'"
                + value
                + "' ("
                + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                + ")";
    }
}
