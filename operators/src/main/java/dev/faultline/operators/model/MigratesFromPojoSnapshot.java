package dev.faultline.operators.model;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * Snapshot of a hand-written serializer that replaced Flink's POJO serializer for state that
 * savepoints already hold. Given the POJO serializer's snapshot of the same class, it answers
 * "compatible after migration": on restore the state backend reads every value with the old POJO
 * serializer and writes it again with the new one (RocksDB does this for value and list states), so
 * savepoints of the previous version keep working.
 */
public abstract class MigratesFromPojoSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {
    private final Class<T> type;

    protected MigratesFromPojoSnapshot(
            Class<T> type, Supplier<? extends TypeSerializer<T>> serializer) {
        super(serializer);
        this.type = type;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
            TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot instanceof PojoSerializerSnapshot && isOf(oldSnapshot)) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(oldSnapshot);
    }

    private boolean isOf(TypeSerializerSnapshot<T> pojoSnapshot) {
        T instance = pojoSnapshot.restoreSerializer().createInstance();
        return instance != null && instance.getClass() == type;
    }
}
