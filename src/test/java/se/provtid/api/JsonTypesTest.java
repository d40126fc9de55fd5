package se.provtid.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every application type Jackson sees by reflection is registered for a native image in {@link JsonTypes}: types
 * carrying a Jackson annotation, the types read from Redis by class, and every type those hold in their fields.
 */
class JsonTypesTest {

    /** Read from Redis or a sealed blob by class, without Jackson annotations of their own. */
    private static final List<String> READ_BY_CLASS = List.of("se.provtid.job.Job", "se.provtid.job.JobRequest",
            "se.provtid.job.JobSummary", "se.provtid.job.JobError", "se.provtid.worker.SessionVault$Saved");
    /** Sent as API bodies only in the dev/demo simulator or as OpenAPI documentation: never in a native api image. */
    private static final Set<String> NOT_IN_NATIVE = Set.of("se.provtid.sim", "se.provtid.api.ApiDocs");

    @Test
    void everyJsonTypeIsRegisteredForReflection() throws Exception {
        Set<String> registered = new TreeSet<>();
        for (Class<?> c : JsonTypes.class.getAnnotation(RegisterForReflection.class).targets()) {
            registered.add(c.getName());
        }
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (String name : applicationClasses()) {
            Class<?> c = Class.forName(name, false, getClass().getClassLoader());
            if (usesJackson(c) && NOT_IN_NATIVE.stream().noneMatch(name::startsWith)) {
                todo.add(c);
            }
        }
        for (String name : READ_BY_CLASS) {
            todo.add(Class.forName(name, false, getClass().getClassLoader()));
        }
        assertTrue(todo.size() > 10, "the scan finds the JSON types: " + todo);
        Set<String> needed = new TreeSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!c.getName().startsWith("se.provtid.") || !needed.add(c.getName())) {
                continue;
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    held(rc.getGenericType(), todo);
                }
            } else if (!c.isEnum()) {
                Arrays.stream(c.getDeclaredFields()).filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                        .forEach(f -> held(f.getGenericType(), todo));
            }
        }
        needed.removeAll(registered);
        assertEquals(Set.of(), needed, "add these to JsonTypes' @RegisterForReflection");
    }

    private static void held(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            todo.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            held(p.getRawType(), todo);
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> held(a, todo));
        }
    }

    private static boolean usesJackson(Class<?> c) {
        if (jackson(c)) {
            return true;
        }
        if (c.isRecord() && Arrays.stream(c.getRecordComponents()).anyMatch(JsonTypesTest::jackson)) {
            return true;
        }
        return Stream.of(c.getDeclaredFields()).anyMatch(JsonTypesTest::jackson)
                || Stream.of(c.getDeclaredConstructors()).anyMatch(JsonTypesTest::parametersUseJackson)
                || Stream.of(c.getDeclaredMethods()).anyMatch(m -> jackson(m) || parametersUseJackson(m));
    }

    private static boolean parametersUseJackson(Executable e) {
        return Arrays.stream(e.getParameterAnnotations()).flatMap(Arrays::stream).anyMatch(JsonTypesTest::isJackson);
    }

    private static boolean jackson(AnnotatedElement e) {
        return Arrays.stream(e.getDeclaredAnnotations()).anyMatch(JsonTypesTest::isJackson);
    }

    private static boolean isJackson(Annotation a) {
        return a.annotationType().getName().startsWith("com.fasterxml.jackson.annotation.");
    }

    private static List<String> applicationClasses() throws IOException {
        Path root = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(root.resolve("se"))) {
            return files.filter(f -> f.toString().endsWith(".class")).map(f -> root.relativize(f).toString())
                    .map(s -> s.substring(0, s.length() - ".class".length()).replace('/', '.'))
                    .filter(s -> !s.contains("$$") && !s.endsWith("_Subclass") && !s.endsWith("_Bean")
                            && !s.endsWith("_ClientProxy") && !s.contains("_Observer_"))
                    .toList();
        }
    }
}
