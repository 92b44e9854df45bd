package io.ipsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * README's "Properties" section lists every {@code ipsync.*} property of the generated metadata in
 * its first table, and every channel-entry option, marked for the kinds that have it, in its
 * second. A property or option added to the code without a row fails here.
 */
class ReadmePropertyTableTests {

    private static final Path README = Path.of("..", "README.md");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The column of each kind in the table of entry options: | option | event | data event | queue | what |. */
    private static final Map<String, Integer> KIND_COLUMNS = Map.of("ipsync.events", 1, "ipsync.data-events", 2,
            "ipsync.queues", 3);

    private static List<List<String>> propertyRows;

    private static List<List<String>> optionRows;

    @BeforeAll
    static void readTables() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n### Properties\n");
        assertThat(start).as("README has a '### Properties' section").isPositive();
        int end = readme.length();
        for (String nextHeading : List.of("\n### ", "\n## ")) { // the section ends at the next heading of its level or above
            int next = readme.indexOf(nextHeading, start + 1);
            end = next < 0 ? end : Math.min(end, next);
        }
        List<List<List<String>>> tables = tables(readme.substring(start, end));
        assertThat(tables).as("the properties table and the entry options table").hasSize(2);
        propertyRows = tables.get(0);
        optionRows = tables.get(1);
    }

    /** The tables of a Markdown text: each a list of rows of cells, without header and separator rows. */
    private static List<List<List<String>>> tables(String text) {
        List<List<List<String>>> tables = new ArrayList<>();
        List<List<String>> table = null;
        for (String line : text.split("\n")) {
            if (!line.startsWith("|")) {
                table = null;
                continue;
            }
            if (table == null) {
                table = new ArrayList<>();
                tables.add(table);
                continue; // the header
            }
            if (line.startsWith("| ---")) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
                cells.add(cell.strip());
            }
            table.add(cells);
        }
        return tables;
    }

    /** The names in code spans of a row's first cell. */
    private static List<String> names(List<String> row) {
        List<String> names = new ArrayList<>();
        Matcher matcher = CODE.matcher(row.get(0));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<String> metadataProperties() throws IOException {
        List<String> names = new ArrayList<>();
        ClassLoader loader = ReadmePropertyTableTests.class.getClassLoader();
        for (URL resource : Collections.list(loader.getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = resource.openStream()) {
                for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
                    String name = property.path("name").asString();
                    boolean example = ChannelEntryOptions.KINDS.keySet().stream()
                            .anyMatch(kind -> name.startsWith(kind + "." + ChannelEntryOptions.EXAMPLE_ENTRY + "."));
                    if (name.startsWith("ipsync.") && !example) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    @Test
    void everyIpsyncPropertyHasARow() throws IOException {
        List<String> listed = new ArrayList<>();
        propertyRows.forEach(row -> listed.addAll(names(row)));
        List<String> properties = metadataProperties();
        assertThat(properties).as("ipsync.* properties in the metadata").isNotEmpty();
        assertThat(listed).containsAll(properties);
        assertThat(properties).as("rows for properties that are gone").containsAll(listed);
    }

    @Test
    void everyEntryOptionHasARowMarkedForTheKindsThatHaveIt() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        optionRows.forEach(row -> names(row).forEach(name -> rows.put(name, row)));
        List<String> problems = new ArrayList<>();
        List<String> options = new ArrayList<>();
        ChannelEntryOptions.KINDS.forEach((kind, entryType) -> {
            options.addAll(ChannelEntryOptions.of(entryType).keySet());
        });
        for (String option : rows.keySet()) {
            if (!options.contains(option)) {
                problems.add(option + ": a row for an option no entry has");
            }
        }
        for (String option : options) {
            List<String> row = rows.get(option);
            if (row == null) {
                problems.add(option + ": no row");
                continue;
            }
            ChannelEntryOptions.KINDS.forEach((kind, entryType) -> {
                boolean has = ChannelEntryOptions.of(entryType).containsKey(option);
                boolean marked = row.get(KIND_COLUMNS.get(kind)).equals("yes");
                if (has != marked) {
                    problems.add(option + ": " + (has ? "not marked" : "marked") + " for " + kind);
                }
            });
            if (row.get(4).isBlank()) {
                problems.add(option + ": no description");
            }
        }
        assertThat(problems).isEmpty();
    }
}
