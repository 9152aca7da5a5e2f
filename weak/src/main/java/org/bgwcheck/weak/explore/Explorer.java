package org.bgwcheck.weak.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.bgwcheck.core.check.Violation;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.weak.memory.MemoryModel;

/**
 * Explores every behaviour of core's protocol code within {@link Bounds} under one {@link MemoryModel},
 * breadth first, so the first violation found of each property has a shortest counterexample.
 *
 * <p>Stateful, with replay: a state is identified by the path of choices that reached it, and is rebuilt by
 * running core again from the start along that path (core's objects cannot be copied, and running it is
 * deterministic). States are deduplicated by a 128-bit hash of {@link World#describeState()}, which holds
 * everything that decides the future, so paths that differ only in the order of commuting steps (stores
 * to different locations, independent backends) are explored once. Stateless search with partial-order
 * reduction would need the independence of core's calls worked out by hand; the state hash gets the same
 * reduction from the states themselves. A violating state is reported and not expanded. Each BFS level is
 * expanded in parallel and merged in order, so results are the same on any number of cores.
 */
public final class Explorer {
    private final Variant variant;
    private final MemoryModel model;
    private final Bounds bounds;
    private final Set<Property> stopAt;
    private final long maxStates;
    private final Consumer<String> progress;

    /**
     * @param stopAt    stop at the first violation of any of these (a fault's own properties), or explore
     *                  everything when empty (the fixed protocol)
     * @param maxStates a budget; an exploration that reaches it reports itself incomplete
     */
    public Explorer(Variant variant, MemoryModel model, Bounds bounds, Set<Property> stopAt, long maxStates,
                    Consumer<String> progress) {
        this.variant = variant;
        this.model = model;
        this.bounds = bounds;
        this.stopAt = Set.copyOf(stopAt);
        this.maxStates = maxStates;
        this.progress = progress;
    }

    public Exploration run() {
        long start = System.nanoTime();
        Set<Key> visited = new HashSet<>();
        Map<Property, Exploration.Found> found = new EnumMap<>(Property.class);
        visited.add(Key.of(new World(variant, model, bounds).describeState()));
        List<long[]> level = List.of(new long[0]);
        long transitions = 0;
        int depth = 0;
        boolean stopped = false;
        while (!level.isEmpty() && !stopped && visited.size() < maxStates) {
            // Successors of a whole BFS level in parallel (each on its own replayed world), then merged in
            // the level's order: the result, and which shortest counterexample is shown, never depend on
            // the threads.
            List<List<Successor>> expanded = level.parallelStream().map(this::expand).toList();
            List<long[]> next = new ArrayList<>();
            for (List<Successor> successors : expanded) {
                for (Successor s : successors) {
                    transitions++;
                    if (!s.violations().isEmpty()) {
                        for (Violation v : s.violations()) {
                            found.computeIfAbsent(v.property(), p -> new Exploration.Found(v, counterexample(s.path())));
                        }
                        stopped |= s.violations().stream().anyMatch(v -> stopAt.contains(v.property()));
                    } else if (s.key() != null && visited.add(s.key())) {
                        next.add(s.path());
                    }
                }
                if (stopped) {
                    break;
                }
            }
            if (!next.isEmpty()) {
                depth++;
            }
            level = next;
            progress.accept(String.format(java.util.Locale.ROOT,
                    "[weak] %s %s %s: depth %d, %,d states, %,d transitions, %.1f s", variant.name(), model,
                    bounds.tag(), depth, visited.size(), transitions, (System.nanoTime() - start) / 1e9));
        }
        boolean complete = level.isEmpty() && !stopped;
        return new Exploration(variant.name(), model, bounds, visited.size(), transitions, depth, complete,
                (System.nanoTime() - start) / 1e9, List.copyOf(found.values()));
    }

    /** One transition out of a state: where it leads, and what it violated (a null key: past the bounds). */
    private record Successor(long[] path, Key key, List<Violation> violations) {
    }

    private List<Successor> expand(long[] path) {
        World first = replay(path);
        List<Choice> choices = first.choices();
        List<Successor> out = new ArrayList<>(choices.size());
        for (Choice c : choices) {
            long[] next = Arrays.copyOf(path, path.length + 1);
            next[path.length] = c.pack();
            // The world that listed the choices takes the first; each other choice needs a world of its own.
            World w = out.isEmpty() ? first : replay(path);
            w.apply(c, true);
            if (w.beyondBounds()) {
                out.add(new Successor(next, null, List.of()));
            } else {
                List<Violation> violations = w.violations();
                out.add(new Successor(next, violations.isEmpty() ? Key.of(w.describeState()) : null, violations));
            }
        }
        return out;
    }

    /** The state at the end of {@code path}, rebuilt by running core along it (its states were checked). */
    private World replay(long[] path) {
        World w = new World(variant, model, bounds);
        for (long c : path) {
            w.apply(Choice.unpack(c), false);
        }
        return w;
    }

    /** The path again, each step as the counterexample shows it, and the violations last. */
    private List<Step> counterexample(long[] path) {
        World w = new World(variant, model, bounds);
        List<Step> steps = new ArrayList<>();
        for (long c : path) {
            steps.add(w.apply(Choice.unpack(c), true));
        }
        for (Violation v : w.violations()) {
            steps.add(new Step(Step.CHECK, v.property() + " violated", v.what()));
        }
        return steps;
    }

    /** A 128-bit fingerprint of a state's text: two independent 64-bit hashes. */
    private record Key(long a, long b) {
        static Key of(String s) {
            long h1 = 0xcbf29ce484222325L;
            long h2 = 0x9e3779b97f4a7c15L;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                h1 = (h1 ^ c) * 0x100000001b3L;
                h2 = Long.rotateLeft(h2 ^ (c * 0xc2b2ae3d27d4eb4fL), 31) * 0x9e3779b97f4a7c15L;
            }
            return new Key(h1, h2);
        }
    }
}
