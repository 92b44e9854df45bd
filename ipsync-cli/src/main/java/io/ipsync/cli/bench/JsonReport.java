package io.ipsync.cli.bench;

import java.util.OptionalDouble;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The results for scripts ({@code --json}): one JSON object,
 * {@code {"ipsync": ..., "settings": {...}, "scenarios": {"put": {"rate": {"value": 41234.5,
 * "unit": "msg/s", "label": ..., "ratioToBaseline": 0.91, "baseline": "write", "target": ...}}}}}.
 * Every scenario that ran has an entry; a figure's {@code ratioToBaseline}, {@code baseline} and
 * {@code target} are there only where the table shows them. A scenario that could not run here
 * has an empty entry, and its reason in {@code "skipped": {"python-paced": "no python3 on the PATH"}}.
 */
final class JsonReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonReport() {
    }

    static String render(RunInfo info, BenchPlan plan, Iterable<Scenario> ran, BenchResults results) {
        ObjectNode report = JSON.createObjectNode();
        report.put("ipsync", info.version());
        report.put("java", info.java());
        report.put("cpus", info.cpus());
        report.put("directory", info.directory());
        report.put("fileSystem", info.fileSystem());
        loads(report.putArray("loadAverageBefore"), info.loadBefore());
        loads(report.putArray("loadAverageAfter"), info.loadAfter());
        report.put("seconds", info.took().toMillis() / 1000.0);
        if (info.redis() != null) {
            report.put("redis", info.redis());
        }
        ObjectNode settings = report.putObject("settings");
        settings.put("quick", info.quick());
        settings.put("messages", plan.messages());
        settings.put("backlog", plan.backlog());
        ArrayNode rates = settings.putArray("pacedRates");
        plan.pacedRates().forEach(rates::add);
        settings.put("pacedSeconds", plan.pacedFor().toMillis() / 1000.0);
        settings.put("warmupBurstMessages", plan.warmupBurst());
        settings.put("repeats", plan.repeats());
        settings.put("eventSignals", plan.eventSignals());
        settings.put("eventSpacingMillis", plan.eventSpacing().toMillis());
        settings.put("idleSeconds", plan.idleFor().toMillis() / 1000.0);
        settings.put("batch", plan.batch());
        settings.put("pythonFlatOutSeconds", plan.pythonFlatOutFor().toMillis() / 1000.0);
        settings.put("warmUpSeconds", plan.warmUpFor().toMillis() / 1000.0);
        if (!results.skipped().isEmpty()) {
            ObjectNode skipped = report.putObject("skipped");
            results.skipped().forEach((scenario, reason) -> skipped.put(scenario.id, reason));
        }
        ObjectNode scenarios = report.putObject("scenarios");
        for (Scenario scenario : ran) {
            scenarios.putObject(scenario.id);
        }
        for (Figure figure : results.figures()) {
            ObjectNode node = ((ObjectNode) scenarios.get(figure.scenario().id)).putObject(figure.key());
            node.put("value", figure.value());
            node.put("unit", figure.unit());
            node.put("label", figure.label());
            OptionalDouble ratio = results.ratioToBaseline(figure);
            if (ratio.isPresent()) {
                node.put("ratioToBaseline", ratio.getAsDouble());
                node.put("baseline", figure.baseline().key);
            }
            if (figure.target() != null) {
                node.put("target", figure.target());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    private static void loads(ArrayNode into, LoadAverage load) {
        load.values().forEach(into::add);
    }
}
