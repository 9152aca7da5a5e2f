package org.bgwcheck.launcher.bgworker;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.launcher.kind.ChildFatalException;

/**
 * {@code LookupBackgroundWorkerFunction}: turns a (library, function) pair, the only form in which
 * an entry point can cross an exec(), back into something callable. Library "postgres" selects
 * {@link InternalBgWorkers}; any other library is loaded the way {@code load_external_function}
 * loads a shared library from {@code pkglib_path}: as a class, from the library path the
 * postmaster passed down, falling back to the child's own class path. The function must be
 * {@code public static void <function>(long)}.
 */
public final class BgWorkerFunctionLookup {

    /** The library name that selects {@link InternalBgWorkers}, as in PostgreSQL. */
    public static final String INTERNAL_LIBRARY = "postgres";

    private BgWorkerFunctionLookup() {
    }

    public static BgWorkerFunction lookup(String libraryName, String functionName, String libraryPath)
            throws ChildFatalException {
        if (INTERNAL_LIBRARY.equals(libraryName)) {
            BgWorkerFunction function = InternalBgWorkers.find(functionName);
            if (function == null) {
                throw new ChildFatalException("internal function \"" + functionName + "\" not found");
            }
            return function;
        }
        return loadExternalFunction(libraryName, functionName, libraryPath);
    }

    private static BgWorkerFunction loadExternalFunction(String libraryName, String functionName, String libraryPath)
            throws ChildFatalException {
        Class<?> library;
        try {
            library = Class.forName(libraryName, true, libraryLoader(libraryPath));
        } catch (ClassNotFoundException e) {
            throw new ChildFatalException("could not load library \"" + libraryName
                    + "\": no such class in library path \"" + libraryPath + "\" or the child's class path");
        } catch (LinkageError e) {
            throw new ChildFatalException("could not load library \"" + libraryName + "\": " + e, e);
        }
        Method method;
        try {
            method = library.getMethod(functionName, long.class);
        } catch (NoSuchMethodException e) {
            method = null;
        }
        if (method == null || !Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class) {
            throw new ChildFatalException("could not find function \"" + functionName + "\" in library \""
                    + libraryName + "\": expected public static void " + functionName + "(long)");
        }
        return new ReflectiveFunction(method);
    }

    private static ClassLoader libraryLoader(String libraryPath) throws ChildFatalException {
        ClassLoader parent = BgWorkerFunctionLookup.class.getClassLoader();
        if (libraryPath.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String element : libraryPath.split(File.pathSeparator)) {
            if (element.isEmpty()) {
                continue;
            }
            try {
                urls.add(Path.of(element).toUri().toURL());
            } catch (InvalidPathException | MalformedURLException e) {
                throw new ChildFatalException("invalid library path element \"" + element + "\": " + e.getMessage());
            }
        }
        // Never closed: the worker's code runs from it until the process exits.
        return new URLClassLoader(urls.toArray(new URL[0]), parent);
    }

    /** An external entry point; unwraps the reflective wrapper so the worker's own exception shows. */
    private static final class ReflectiveFunction implements BgWorkerFunction {
        private final Method method;

        ReflectiveFunction(Method method) {
            this.method = method;
        }

        @Override
        public void main(long mainArg) throws Exception {
            try {
                method.invoke(null, mainArg);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception) {
                    throw (Exception) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw e;
            }
        }
    }
}
