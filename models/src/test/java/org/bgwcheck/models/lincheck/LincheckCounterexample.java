package org.bgwcheck.models.lincheck;

import java.util.ArrayList;
import java.util.List;

import org.bgwcheck.models.report.Summary.Step;

/**
 * Lincheck's failure report as the steps of a timeline, one lane per thread.
 *
 * <p>Model checking prints the interleaving that leads to the error, in the order it ran: its operations, and
 * beneath them the calls they made, of which the shared-memory accesses ({@code shm.…}) and fences are kept —
 * they are the protocol. Stress mode prints only the results, as a table of an initial sequential part, a
 * parallel part and a final sequential part; in the parallel part the order between threads was not observed,
 * so its steps are drawn row by row and say so. Either way the last step is the failed check.
 */
final class LincheckCounterexample {
    private static final String INTERLEAVING = "The following interleaving leads to the error:";
    private static final String RESULTS = "= Invalid execution results =";
    /** A timeline wider than this is not read; the full report is in the test output. */
    private static final int MAX_STEPS = 80;

    private LincheckCounterexample() {
    }

    static List<Step> of(String report) {
        List<Step> steps = report.contains(INTERLEAVING)
                ? interleaving(table(report, INTERLEAVING))
                : results(table(report, RESULTS));
        boolean cut = steps.size() > MAX_STEPS - 1;
        List<Step> kept = new ArrayList<>(cut ? steps.subList(0, MAX_STEPS - 1) : steps);
        kept.add(new Step(Step.CHECK, "not linearizable", "no sequential order of these operations gives these results"
                + " in ReferenceModel" + (cut ? " (" + (steps.size() - kept.size()) + " further steps not drawn)" : "")));
        return kept;
    }

    /** The rows of the first table after {@code title}: cells per row, a null row for each rule line. */
    private static List<String[]> table(String report, String title) {
        int at = report.indexOf(title);
        List<String[]> rows = new ArrayList<>();
        if (at < 0) {
            return rows;
        }
        for (String line : report.substring(at + title.length()).strip().split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            if (line.startsWith("| -")) {
                rows.add(null);
                continue;
            }
            String inner = line.substring(1, line.lastIndexOf('|'));
            rows.add(inner.split("\\|", -1));
        }
        return rows;
    }

    private static List<String> lanes(List<String[]> rows) {
        List<String> lanes = new ArrayList<>();
        for (String[] row : rows) {
            if (row != null) {
                for (String cell : row) {
                    lanes.add(cell.strip());
                }
                return lanes;
            }
        }
        return lanes;
    }

    private static List<Step> interleaving(List<String[]> rows) {
        List<String> lanes = lanes(rows);
        List<Step> steps = new ArrayList<>();
        String[] current = new String[lanes.size()]; // each thread's operation in progress
        boolean header = true;
        for (String[] row : rows) {
            if (row == null) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            for (int col = 0; col < row.length; col++) {
                String cell = row[col].stripTrailing();
                if (cell.isBlank()) {
                    continue;
                }
                String text = cell.strip();
                int depth = (cell.length() - cell.stripLeading().length() - 1) / 2;
                if (depth == 0) {
                    Step op = operation(lanes.get(col), text, "");
                    current[col] = op.action();
                    steps.add(op);
                } else if (text.startsWith("shm.") || text.contains(".fence()")) {
                    steps.add(new Step(lanes.get(col), text.replaceFirst(" at .*$", ""), "in " + current[col]));
                }
            }
        }
        return steps;
    }

    private static List<Step> results(List<String[]> rows) {
        List<String> lanes = lanes(rows);
        List<List<String[]>> parts = new ArrayList<>();
        List<String[]> part = null;
        boolean header = true;
        for (String[] row : rows) {
            if (row == null) {
                part = new ArrayList<>();
                parts.add(part);
            } else if (header) {
                header = false;
            } else if (part != null) {
                part.add(row);
            }
        }
        parts.removeIf(List::isEmpty);
        int parallel = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).stream().anyMatch(r -> r.length > 1 && !r[1].isBlank())) {
                parallel = i;
            }
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            for (String[] row : parts.get(i)) {
                for (int col = 0; col < row.length; col++) {
                    if (row[col].isBlank()) {
                        continue;
                    }
                    String lane = i < parallel ? "before (sequential)" : i > parallel ? "after (sequential)" : lanes.get(col);
                    steps.add(operation(lane, row[col].strip(),
                            i == parallel ? "in parallel: order between threads not observed" : ""));
                }
            }
        }
        return steps;
    }

    /** {@code register(PARALLEL): Optional[handle(slot 0, gen 1)] [2,1]} as action and result. */
    private static Step operation(String lane, String text, String note) {
        String op = text.replaceFirst(" \\[[0-9,]+\\]$", "");
        int result = op.lastIndexOf("): ");
        String action = result < 0 ? op : op.substring(0, result + 1);
        String detail = result < 0 ? "" : "→ " + op.substring(result + 3);
        return new Step(lane, action, note.isEmpty() ? detail : detail.isEmpty() ? note : detail + " (" + note + ")");
    }
}
