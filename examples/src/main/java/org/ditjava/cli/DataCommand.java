package org.ditjava.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dit data}: the training data (dit-data). */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Inspect ImageNet-style image folders and pre-extract latent shards.",
        subcommands = {DataInspectCommand.class, DataExtractLatentsCommand.class})
final class DataCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
