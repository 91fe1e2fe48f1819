package dev.faultline.operators.rank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A linear model over {@link RankerFeatures} that scores how likely a candidate line states its
 * build's failure cause. Trained listwise ({@link ListwiseTrainer}); only the weights that are not
 * zero are kept, sorted by feature index.
 *
 * <p>The model file is JSON: {@code {"format": "faultline-line-ranker", "version": 1, "featureSet":
 * 1, "hashBits": 18, "training": {...}, "weights": {"<index>": weight, ...}}}. A file that is
 * missing, cut off, of another format or feature set, or holds a weight that is not a finite number
 * is refused with a {@link RankerException} naming the file.
 */
public final class LineRanker implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String FORMAT = "faultline-line-ranker";
    public static final int VERSION = 1;

    /** The model shipped in the jar. */
    public static final String DEFAULT_RESOURCE = "/faultline/ranker.json";

    private final int bits;
    private final int[] index;
    private final float[] weight;

    /**
     * How the model was trained (the file's {@code training} object), for people, never read here.
     */
    private final String training;

    private final String source;

    /**
     * The weights laid out by feature index, made on first use: a lookup per feature, not a search.
     */
    private transient float[] dense;

    LineRanker(int bits, int[] index, float[] weight, String training, String source) {
        this.bits = bits;
        this.index = index;
        this.weight = weight;
        this.training = training;
        this.source = source;
    }

    public int bits() {
        return bits;
    }

    public String source() {
        return source;
    }

    /** Non-zero weights in the model. */
    public int size() {
        return index.length;
    }

    /** The features' weighted sum: higher means more likely the cause. */
    public double score(FeatureVector f) {
        float[] w = dense;
        if (w == null) {
            w = new float[1 << bits];
            for (int k = 0; k < index.length; k++) {
                w[index[k]] = weight[k];
            }
            dense = w;
        }
        double sum = 0;
        for (int k = 0; k < f.size(); k++) {
            sum += w[f.index(k)] * f.value(k);
        }
        return sum;
    }

    /** The model shipped in the jar. */
    public static LineRanker loadDefault() {
        try (InputStream in = LineRanker.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new RankerException(
                        "default ranker model " + DEFAULT_RESOURCE + " is missing");
            }
            return parse(in.readAllBytes(), "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new RankerException("cannot read default ranker model: " + e.getMessage(), e);
        }
    }

    /** A model file, or the default when {@code path} is null. */
    public static LineRanker load(Path path) {
        if (path == null) {
            return loadDefault();
        }
        try {
            return parse(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new RankerException("cannot read ranker model " + path + ": " + e, e);
        }
    }

    public static LineRanker parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new RankerException(
                    source + ": not a ranker model (bad or cut-off JSON): " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RankerException(
                    source + ": not a ranker model (empty, or not a JSON object)");
        }
        require(FORMAT.equals(root.path("format").asText(null)), source, "format is not " + FORMAT);
        require(
                root.path("version").asInt(-1) == VERSION,
                source,
                "unsupported model version " + root.path("version"));
        int featureSet = root.path("featureSet").asInt(-1);
        require(
                featureSet == RankerFeatures.FEATURE_SET,
                source,
                "made for feature set "
                        + featureSet
                        + ", this Faultline computes set "
                        + RankerFeatures.FEATURE_SET
                        + " (retrain it with train-ranker)");
        int bits = root.path("hashBits").asInt(-1);
        require(
                bits >= 8 && bits <= 24,
                source,
                "hashBits must be 8..24, not " + root.path("hashBits"));
        JsonNode weights = root.get("weights");
        require(
                weights != null && weights.isObject() && weights.size() > 0,
                source,
                "has no weights");
        TreeMap<Integer, Float> sorted = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = weights.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            int i;
            try {
                i = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new RankerException(
                        source + ": weight key '" + e.getKey() + "' is not a feature index");
            }
            require(
                    i >= 0 && i < (1 << bits),
                    source,
                    "feature index " + i + " is outside 2^" + bits);
            require(
                    e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble()),
                    source,
                    "weight of feature " + i + " is not a finite number");
            sorted.put(i, (float) e.getValue().asDouble());
        }
        int[] index = new int[sorted.size()];
        float[] weight = new float[sorted.size()];
        int k = 0;
        for (Map.Entry<Integer, Float> e : sorted.entrySet()) {
            index[k] = e.getKey();
            weight[k++] = e.getValue();
        }
        JsonNode training = root.get("training");
        return new LineRanker(
                bits, index, weight, training == null ? null : training.toString(), source);
    }

    /** The model as its JSON file, {@code training} describing how it was made. */
    public byte[] toJson(ObjectNode trainingInfo) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("featureSet", RankerFeatures.FEATURE_SET);
        root.put("hashBits", bits);
        if (trainingInfo != null) {
            root.set("training", trainingInfo);
        }
        ObjectNode w = root.putObject("weights");
        for (int k = 0; k < index.length; k++) {
            w.put(Integer.toString(index[k]), weight[k]);
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A model from dense weights; those whose magnitude is below {@code epsilon} are dropped. */
    static LineRanker fromDense(int bits, double[] dense, double epsilon, String source) {
        int n = 0;
        for (double w : dense) {
            n += Math.abs(w) >= epsilon ? 1 : 0;
        }
        int[] index = new int[n];
        float[] weight = new float[n];
        int k = 0;
        for (int i = 0; i < dense.length; i++) {
            if (Math.abs(dense[i]) >= epsilon) {
                index[k] = i;
                weight[k++] = (float) dense[i];
            }
        }
        return new LineRanker(bits, index, weight, null, source);
    }

    private static void require(boolean ok, String source, String reason) {
        if (!ok) {
            throw new RankerException(source + ": " + reason);
        }
    }

    @Override
    public String toString() {
        return "LineRanker("
                + source
                + ", "
                + index.length
                + " weights, 2^"
                + bits
                + (training == null ? "" : ", " + training)
                + ")";
    }
}
