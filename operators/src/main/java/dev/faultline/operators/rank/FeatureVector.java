package dev.faultline.operators.rank;

import java.util.Arrays;

/** A sparse feature vector of hashed indices, reused from one candidate to the next. */
public final class FeatureVector {
    private int[] index = new int[64];
    private float[] value = new float[64];
    private int size;

    public void clear() {
        size = 0;
    }

    public void add(int i, float v) {
        if (size == index.length) {
            index = Arrays.copyOf(index, size * 2);
            value = Arrays.copyOf(value, size * 2);
        }
        index[size] = i;
        value[size++] = v;
    }

    public int size() {
        return size;
    }

    public int index(int k) {
        return index[k];
    }

    public float value(int k) {
        return value[k];
    }

    /** A copy that keeps its contents when this one is reused. */
    public FeatureVector copy() {
        FeatureVector c = new FeatureVector();
        c.index = Arrays.copyOf(index, size);
        c.value = Arrays.copyOf(value, size);
        c.size = size;
        return c;
    }
}
