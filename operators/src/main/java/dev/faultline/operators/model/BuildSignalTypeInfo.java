package dev.faultline.operators.model;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information for {@link BuildSignal}: its own {@link BuildSignalSerializer}. */
public final class BuildSignalTypeInfo extends TypeInformation<BuildSignal> {
    private static final long serialVersionUID = 1L;

    /** Lets {@code TypeInformation.of(BuildSignal.class)} find this type information. */
    public static final class Factory extends TypeInfoFactory<BuildSignal> {
        @Override
        public TypeInformation<BuildSignal> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new BuildSignalTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<BuildSignal> getTypeClass() {
        return BuildSignal.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<BuildSignal> createSerializer(SerializerConfig config) {
        return new BuildSignalSerializer();
    }

    @Override
    public String toString() {
        return "BuildSignal";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuildSignalTypeInfo;
    }

    @Override
    public int hashCode() {
        return BuildSignalTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof BuildSignalTypeInfo;
    }
}
