package dev.landlockstudio.compiler.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;

/**
 * Calls a record's canonical constructor through one spreading handle built once. Jackson calls it with
 * {@code MethodHandle.invokeWithArguments}, which on JDK 17 builds a new spreader on every call: a tenth of a
 * 1,000-rule compile went there. What is created, and how a failing constructor is reported, stay Jackson's.
 */
final class RecordCreators extends JacksonModule {

    @Override
    public String getModuleName() {
        return "record-creators";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.addValueInstantiators(new ValueInstantiators() {
            @Override
            public ValueInstantiator findValueInstantiator(DeserializationConfig config, BeanDescription.Supplier bean) {
                return null;
            }

            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier bean,
                    ValueInstantiator found) {
                if (found instanceof StdValueInstantiator std && std.getWithArgsCreator() instanceof AnnotatedConstructor creator
                        && creator.getDeclaringClass().isRecord()) {
                    MethodHandle spreading = spreading(creator.getAnnotated());
                    return spreading == null ? found : new Spreading(std, spreading);
                }
                return found;
            }
        });
    }

    /** {@code (Object[]) -> Object} calling {@code constructor}, or null when it is not accessible from here. */
    private static MethodHandle spreading(Constructor<?> constructor) {
        try {
            return MethodHandles.publicLookup().unreflectConstructor(constructor)
                    .asSpreader(Object[].class, constructor.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static final class Spreading extends StdValueInstantiator {

        private final MethodHandle constructor;

        Spreading(StdValueInstantiator found, MethodHandle constructor) {
            super(found);
            this.constructor = constructor;
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] args) {
            try {
                return (Object) constructor.invokeExact(args);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                return context.handleInstantiationProblem(getValueClass(), args, rewrapCtorProblem(context, e));
            }
        }
    }
}
