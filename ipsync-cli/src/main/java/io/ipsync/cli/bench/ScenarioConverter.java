package io.ipsync.cli.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a scenario's name on the command line ({@code flat-out}, {@code deep-backlog}, ...). */
final class ScenarioConverter implements ITypeConverter<Scenario> {

    @Override
    public Scenario convert(String value) {
        try {
            return Scenario.byId(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
