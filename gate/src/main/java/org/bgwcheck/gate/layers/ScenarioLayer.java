package org.bgwcheck.gate.layers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.bgwcheck.core.check.SequentialScenarios;
import org.bgwcheck.core.check.SequentialScenarios.Result;
import org.bgwcheck.core.check.SequentialScenarios.Scenario;
import org.bgwcheck.core.shmem.SlotMemoryKind;
import org.bgwcheck.core.sim.TraceEvent;
import org.bgwcheck.core.variant.Fault;
import org.bgwcheck.core.variant.Property;
import org.bgwcheck.core.variant.Variant;
import org.bgwcheck.gate.model.Detection;
import org.bgwcheck.gate.model.Layer;
import org.bgwcheck.gate.model.LayerReport;
import org.bgwcheck.gate.model.PropertyVerdict;
import org.bgwcheck.gate.model.Timeline;

/**
 * Runs core's single-threaded scenarios in-process, on every slot-memory backing. A fault's scenario detects it
 * only through a property the fault breaks; a violation of another property is a finding about the code, and so
 * is every failed test of core's own build (its surefire reports): both fail the layer's "other" row.
 */
public final class ScenarioLayer {
    private ScenarioLayer() {
    }

    public static LayerReport run(Path root) throws Exception {
        List<Scenario> scenarios = SequentialScenarios.all();
        List<String> other = new ArrayList<>(TestReports.failures(root, "core", Freshness.of(root, "core"),
                testClass -> true));
        Map<Property, PropertyVerdict> protocol = new EnumMap<>(Property.class);
        for (Scenario s : scenarios) {
            for (SlotMemoryKind kind : SlotMemoryKind.values()) {
                Result r = s.run(Variant.FIXED, kind::create);
                PropertyVerdict prior = protocol.get(s.property());
                if (!r.violations().isEmpty()) {
                    protocol.put(s.property(), new PropertyVerdict(Layer.SCENARIOS, s.property(),
                            PropertyVerdict.Outcome.FAIL, s.name() + " on " + kind + ": " + r.violations()));
                } else if (prior == null) {
                    protocol.put(s.property(), new PropertyVerdict(Layer.SCENARIOS, s.property(),
                            PropertyVerdict.Outcome.PASS, s.name()));
                }
            }
        }
        List<Detection> faults = new ArrayList<>();
        for (Fault f : Fault.values()) {
            List<Scenario> exposing = scenarios.stream().filter(s -> s.exposes().contains(f)).toList();
            if (exposing.isEmpty()) {
                faults.add(Detection.notExpressible(Layer.SCENARIOS, f, "needs concurrency or a weak memory model"));
                continue;
            }
            // Every scenario that names the fault must show it (the FaultVisibilityTest rule); the first one's
            // time and counterexample are reported.
            long start = System.nanoTime();
            Detection shown = null;
            for (Scenario s : exposing) {
                Result hit = seenOnEveryBacking(f, s, other);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (hit == null) {
                    shown = new Detection(Layer.SCENARIOS, f, Detection.Status.MISSED, seconds, s.name(), null);
                    break;
                }
                if (shown == null) {
                    shown = new Detection(Layer.SCENARIOS, f, Detection.Status.DETECTED, seconds,
                            hit.violations().get(0).toString(), timeline(f, s, hit));
                }
            }
            faults.add(shown);
        }
        return new LayerReport(Layer.SCENARIOS, List.copyOf(protocol.values()), faults, other, null);
    }

    /**
     * The scenario's run with {@code f} on the first backing, if every backing shows a property {@code f}
     * breaks; else null. A violation of another property is a finding, added to {@code other}.
     */
    private static Result seenOnEveryBacking(Fault f, Scenario s, List<String> other) {
        Result hit = null;
        for (SlotMemoryKind kind : SlotMemoryKind.values()) {
            Result r = s.run(Variant.of(f), kind::create);
            if (!r.violations().isEmpty() && !r.violates(f.breaks())) {
                other.add(f + " run shows " + r.violations() + " on " + kind + ", which " + f
                        + " does not break: a finding about the code (" + s.name() + ")");
            }
            if (!r.violates(f.breaks())) {
                return null;
            }
            hit = hit == null ? r : hit;
        }
        return hit;
    }

    private static Timeline timeline(Fault f, Scenario s, Result r) {
        List<String> lanes = new ArrayList<>();
        lanes.add("postmaster");
        List<Timeline.Step> steps = new ArrayList<>();
        for (TraceEvent e : r.trace()) {
            String lane = e.process();
            if (!lanes.contains(lane)) {
                lanes.add(lane);
            }
            steps.add(new Timeline.Step(lanes.indexOf(lane), e.action(), ""));
        }
        return new Timeline(f + ": " + s.name(), lanes, steps, steps.size() - 1,
                r.violations().get(0).toString());
    }
}
